"""``python -m reportgen``: the command line, as the installed ``reportgen`` script runs it."""

from reportgen.cli import app

if __name__ == "__main__":
    app(prog_name="reportgen")
