"""The baseline: a bare Flask app, served by the same gunicorn settings as the real one."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello():
    """The least a Flask app can do."""
    return "hello"
