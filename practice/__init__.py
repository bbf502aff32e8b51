"""Practising the real task: registration cases, their checks, and the role finder.

A simulation only: nothing here talks to the national portal. Cases are data files
(`practice/cases/*.yaml`), fictional people and structures; the checks compare what a learner
typed with each case's expected answers, and check nothing the sources say nothing about.
"""

from .cases import COURSE, Case, Expectation, case_problems, load_cases
from .checks import StepCheck, Verdict, attempt_results, check_step, read_step
from .form import DECISIONS, FORM_STEPS, FormField, FormStep, step_by_number

__all__ = [
    "COURSE",
    "DECISIONS",
    "FORM_STEPS",
    "Case",
    "Expectation",
    "FormField",
    "FormStep",
    "StepCheck",
    "Verdict",
    "attempt_results",
    "case_problems",
    "check_step",
    "load_cases",
    "read_step",
    "step_by_number",
]
