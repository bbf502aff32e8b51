"""The `attestation-render` benchmark: our attestation PDF against a bare WeasyPrint page.

Both are rendered in this process, in interleaved rounds (the order alternating from one round
to the next) so that the drift of a shared machine weighs on both alike; printed: the median
of each, their ratio (aim: at most 1.5×), and the peak memory of one render of each, measured
in a fresh process.
"""

import statistics
import subprocess
import sys
import time
from datetime import date

from .harness import ROOT, Options
from .load import Result
from .report import Comparison

AIM = 1.5  # the attestation may take at most this many times the bare render
MIN_ROUNDS = 15
MIN_WARMUP_RENDERS = 3  # the first renders load fonts and fill WeasyPrint's caches
BARE_HTML = '<html lang="fr"><title>x</title><p>Bonjour</p>'


# WeasyPrint and certificates are imported inside the functions: the other benchmarks, and the
# baseline child of `peak_memory`, need not load them.

def render_bare() -> bytes:
    """The least WeasyPrint can do: one paragraph on one page."""
    import weasyprint

    return weasyprint.HTML(string=BARE_HTML).write_pdf()


def render_attestation() -> bytes:
    """One attestation with realistic data (a fresh code, so a fresh QR code, each time)."""
    from certificates.codes import new_verification_code
    from certificates.numbering import format_number
    from certificates.rendering import AttestationData, render_pdf

    code = new_verification_code()
    return render_pdf(AttestationData(
        number=format_number(2026, 4217), code=code, holder_name="Marie-Hélène Lefèvre-Ouédraogo",
        course_title="Devenir gestionnaire RPPS+ : habilitations et cycle de vie des comptes",
        course_version="2026.1", issued_on=date(2026, 11, 21), score=17, total=20,
        verify_url=f"https://academie.rppsplus.fr/verify/{code}"))


SUBJECTS = {"bare": render_bare, "attestation": render_attestation}


def run(options: Options) -> list[Comparison]:
    """Median render time of both, interleaved; then the peak memory of each, apart."""
    print(f"font subsetting by {subsetter()}", flush=True)
    warm_up(options.warmup)
    wall, cpu = measure(options.duration)
    bare, ours = (statistics.median(wall[name]) for name in SUBJECTS)
    bare_cpu, ours_cpu = (statistics.median(cpu[name]) for name in SUBJECTS)
    ratio = ours / bare
    print(f"{len(wall['bare'])} interleaved rounds in {options.duration:g} s\n"
          f"  bare WeasyPrint p50 {bare:.1f} ms, attestation p50 {ours:.1f} ms: "
          f"{ratio:.2f}× (aim ≤ {AIM:g}×: {'met' if ratio <= AIM else 'not met'})\n"
          f"  CPU time p50: bare {bare_cpu:.1f} ms, attestation {ours_cpu:.1f} ms: "
          f"{ours_cpu / bare_cpu:.2f}×", flush=True)
    baseline_kib, peaks = peak_memory()
    print(f"  peak memory of one render in a fresh process, above one that only imports "
          f"WeasyPrint ({baseline_kib / 1024:.0f} MiB): bare +{peaks['bare'] / 1024:.1f} MiB, "
          f"attestation +{peaks['attestation'] / 1024:.1f} MiB", flush=True)
    return [Comparison("attestation vs bare WeasyPrint", [as_result(wall["bare"])],
                       as_result(wall["attestation"]))]


def subsetter() -> str:
    """Who subsets fonts: HarfBuzz, or fontTools (many times slower) when HarfBuzz-Subset lacks."""
    from weasyprint.text.ffi import harfbuzz_subset

    if harfbuzz_subset is not None:
        return "HarfBuzz-Subset"
    return "fontTools (libharfbuzz-subset0 missing: every figure is far slower)"


def warm_up(seconds: float) -> None:
    """Render each a few times, and for `seconds` at least, before anything is measured."""
    deadline = time.perf_counter() + seconds
    renders = 0
    while renders < MIN_WARMUP_RENDERS or time.perf_counter() < deadline:
        for render in SUBJECTS.values():
            render()
        renders += 1


def measure(seconds: float) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Rounds of one render of each, for `seconds` and MIN_ROUNDS at least.

    Returns the ms of each render by the clock, and in CPU time of this process: the other
    programs of a shared machine lengthen the first, hardly the second.
    """
    wall = {name: [] for name in SUBJECTS}
    cpu = {name: [] for name in SUBJECTS}
    order = list(SUBJECTS)
    deadline = time.perf_counter() + seconds
    while len(wall["bare"]) < MIN_ROUNDS or time.perf_counter() < deadline:
        for name in order:
            started, started_cpu = time.perf_counter(), time.process_time()
            SUBJECTS[name]()
            wall[name].append((time.perf_counter() - started) * 1000)
            cpu[name].append((time.process_time() - started_cpu) * 1000)
        order.reverse()  # neither always runs first, on a cache warmed by the other
    return wall, cpu


def as_result(ms: list[float]) -> Result:
    """Render times as a row of the common table: renders/s from the median."""
    ordered = sorted(ms)
    p99 = ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))]
    return Result(len(ms), 1000 / statistics.median(ms), statistics.median(ms), p99, 0,
                  "in-process")


def peak_memory(repeats: int = 3) -> tuple[int, dict[str, int]]:
    """Peak RSS (KiB) of a process importing WeasyPrint, and what one render of each adds."""
    def median_peak(what: str) -> int:
        return int(statistics.median(peak_of_child(what) for _ in range(repeats)))

    baseline = median_peak("import")
    return baseline, {name: median_peak(name) - baseline for name in SUBJECTS}


def peak_of_child(what: str) -> int:
    """The peak RSS, in KiB, of a fresh Python that imports WeasyPrint and renders `what`."""
    done = subprocess.run([sys.executable, "-m", "bench.attestation_render", what], cwd=ROOT,
                          capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1])


def child(what: str) -> None:
    """In a fresh process: import WeasyPrint, render once unless `import`; print the peak RSS."""
    import weasyprint  # noqa: F401  (the baseline child stops here)

    if what != "import":
        SUBJECTS[what]()
    print(peak_rss_kib())


def peak_rss_kib() -> int:
    """The high-water mark of this process's resident memory since it started, in KiB.

    Not `ru_maxrss`: Linux carries it over from the parent through fork and exec, so every
    child would report at least the benchmark's own size. VmHWM belongs to this program alone.
    """
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status: the memory figures need Linux")


if __name__ == "__main__":
    child(sys.argv[1])
