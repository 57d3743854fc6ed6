"""Fuzz: no records file crashes reportgen, nothing it renders is corrupt, nothing is written
outside output/.

Every case must pass the same checks (see fuzzkit.Pipeline):

1. the only exceptions are reportgen's own (RecordsError, TemplateError, OutputError,
   WorkspaceError), and their messages are Chinese;
2. no case takes over 5 s (SIGALRM turns a hang into a failure naming the case) or pushes the
   process's peak memory over 300 MB;
3. every document rendered opens in python-docx, every XML part of it parses with a safe lxml
   parser, and its file name can be written on Windows and Linux;
4. (build level) nothing outside output/ is created, changed or removed, a unit that builds
   nothing is reported as a failure, and the good unit next to a broken one is still built.

The cases: the corpus (tests/fuzz_corpus/ and the big triggers fuzzkit generates), each read in a
child process so that a crash of the C YAML parser is a failure rather than a dead pytest; and
random text and structural mutations of the two sample period files, read in this process.

FUZZ_N (default 200) sets the number of mutation cases: FUZZ_N text mutations, FUZZ_N / 2
structural ones and FUZZ_N / 10 whole builds (FUZZ_N=10000 runs 16 000). FUZZ_SEED fixes
hypothesis's seed. A property does not stop at its first failure: it runs every case and then
fails listing each distinct failure once, with the smallest trigger it met.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as fixed_seed
from hypothesis import strategies as st

from fuzzkit import (
    CASE_SECONDS,
    DATA_EDITS,
    FUZZ_N,
    PERIOD_FILE,
    SAMPLE_PERIOD,
    SAMPLE_UNITS,
    TEXT_EDITS,
    CaseTimeout,
    Collector,
    CorpusItem,
    Finding,
    ItemResult,
    MemoryWatch,
    Mutated,
    Pipeline,
    TimeLimit,
    changes,
    corpus_items,
    diff_lines,
    diff_size,
    docx_findings,
    exception_finding,
    file_name_findings,
    mutated_case,
    run_corpus_in_children,
    sample_text,
    snapshot,
    writes_outside,
)
from reportgen.errors import ReportgenError

ITEMS = corpus_items()
GOOD_UNIT = SAMPLE_UNITS[0]
BROKEN_UNIT = "示例县坏单位"  # sorts before the good unit: its failure comes first
SAMPLE_IDS = ["finance-bureau", "street-office"]
SEEDS = st.integers(0, 2**32 - 1)
"""Hypothesis picks which edits a case makes; a Random seeded by it picks where and what. (Letting
hypothesis draw every character of a 300-character title made a case 30 times slower.)"""
MEMORY = MemoryWatch()
"""One watch for the whole module; each case calls MEMORY.start() before it runs."""


def fuzz_settings(examples: int) -> Callable[[Any], Any]:
    # No shrinking: a case never raises (its findings are collected), so an exception that reaches
    # hypothesis is a bug of the harness itself, and shrinking it would only take long.
    chosen = settings(max_examples=max(1, examples), deadline=None, database=None,
                      suppress_health_check=list(HealthCheck),
                      phases=[Phase.explicit, Phase.reuse, Phase.generate])
    fixed = os.environ.get("FUZZ_SEED")

    def apply(test: Any) -> Any:
        test = chosen(test)
        return fixed_seed(int(fixed))(test) if fixed else test

    return apply


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


def trigger(sample: str, case: Mutated, seed: int) -> tuple[str, int]:
    """A readable account of a mutated case, and its size (fewer edits, smaller diff: smaller)."""
    text = "\n".join([f"{sample}/{PERIOD_FILE} (seed {seed}) with:", *(f"  - {entry}" for entry in case.log),
                      "diff:", diff_lines(case.before, case.period)])
    return text, len(case.log) * 10**6 + diff_size(case.before, case.period)


# ---------------------------------------------------------------- the corpus, in child processes


@pytest.fixture(scope="module")
def corpus_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ItemResult]:
    """Every corpus item, run in two child processes side by side (fresh ones after a crash)."""
    folder = tmp_path_factory.mktemp("corpus")
    halves = [ITEMS[0::2], ITEMS[1::2]]
    with ThreadPoolExecutor(len(halves)) as pool:
        parts = list(pool.map(lambda args: run_corpus_in_children(*args),
                              [(half, folder / f"batch{i}") for i, half in enumerate(halves)]))
    return {k: v for part in parts for k, v in part.items()}


@pytest.mark.parametrize("item", ITEMS, ids=[item.id for item in ITEMS])
def test_corpus_item(item: CorpusItem, corpus_results: dict[str, ItemResult]) -> None:
    result = corpus_results[item.id]
    collector = Collector(f"corpus item {item.id} ({item.description})")
    collector.add(result.findings, f"tests/fuzz_corpus/{item.id}: {item.description}")
    collector.assert_clean()


# ---------------------------------------------------------------- mutations, in this process


MUTATIONS = {
    "text": (TEXT_EDITS, FUZZ_N // 2, 4),
    "structural": (DATA_EDITS, FUZZ_N // 4, 3),
}
"""Text mutations edit characters, tokens, lines and indentation of a sample period file at
random. Structural ones edit the parsed sample (values of another type, items repeated 100
times, 100 sections, 300-character names and titles, keys dropped or added) and re-dump it as
YAML. Each: the edits to draw from, how many cases, how many edits at most per case."""


@pytest.mark.parametrize("sample", SAMPLE_UNITS, ids=SAMPLE_IDS)
@pytest.mark.parametrize("kind", MUTATIONS)
def test_mutations_never_crash_or_corrupt(kind: str, sample: str, pipeline: Pipeline,
                                          tmp_path: Path) -> None:
    edit_names, examples, most = MUTATIONS[kind]
    collector = Collector(f"{kind} mutations of {sample}/{PERIOD_FILE}")

    @fuzz_settings(examples)
    @given(edits=st.lists(st.sampled_from(list(edit_names)), min_size=1, max_size=most), seed=SEEDS)
    def case(edits: list[str], seed: int) -> None:
        mutated = mutated_case(sample, random.Random(seed), structural=kind == "structural", edits=edits)
        MEMORY.start()
        result = pipeline.run(tmp_path / "case", mutated.period.encode("utf-8", "surrogatepass"),
                              mutated.unit.encode("utf-8", "surrogatepass"))
        collector.add(result.findings + MEMORY.check(), *trigger(sample, mutated, seed))

    case()
    assert collector.cases > 0
    collector.assert_clean()


# ---------------------------------------------------------------- whole builds, in this process


class BuildBench:
    """A workspace with the good sample unit and a broken one, and an 'outside' folder next to it;
    build() runs on it case after case."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.workspace = root / "workspace"
        self.outside = root / "outside"
        self.outside.mkdir(parents=True)
        (self.outside / "keep.txt").write_text("不应被改动", encoding="utf-8")
        data = self.workspace / "data"
        shutil.copytree(Path(__file__).resolve().parent.parent / "data" / GOOD_UNIT, data / GOOD_UNIT)
        (data / BROKEN_UNIT).mkdir()
        (data / BROKEN_UNIT / "unit.yaml").write_text(
            sample_text(GOOD_UNIT, "unit.yaml").replace(f"name: {GOOD_UNIT}", f"name: {BROKEN_UNIT}"),
            encoding="utf-8")
        self.good_documents = self._good_documents()
        self._checked: dict[Path, tuple[int, int]] = {}

    def _good_documents(self) -> list[str]:
        from reportgen.build import build

        report = build(self.workspace, units=[GOOD_UNIT])
        assert report.ok and report.written, report.failures
        return sorted(r.path.name for r in report.written)

    def run(self, period: bytes) -> list[Finding]:
        from reportgen.build import build

        (self.workspace / "data" / BROKEN_UNIT / PERIOD_FILE).write_bytes(period)
        before = snapshot(self.root)
        findings: list[Finding] = []
        report = None
        limit = TimeLimit(CASE_SECONDS)
        try:
            with limit:
                report = build(self.workspace)
        except CaseTimeout as exc:
            findings.append(limit.finding(exc, "build() gave no answer"))
        except ReportgenError as exc:
            findings.append(Finding(f"one broken unit stopped the whole build: {type(exc).__name__}",
                                    str(exc)[:400]))
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as exc:
            findings.append(exception_finding(exc))
        if limit.overran and not any(f.signature.startswith("hang") for f in findings):
            findings.append(limit.finding(what="build() gave no answer"))
        after = snapshot(self.root)
        findings += [Finding("wrote outside output/", path)
                     for path in writes_outside(before, after, self.workspace / "output")]
        findings += self._documents(before, after)
        if report is not None:
            findings += self._report(report)
        return findings

    def _documents(self, before: dict[str, Any], after: dict[str, Any]) -> list[Finding]:
        findings = []
        for name in changes(before, after):
            path = Path(name)
            if path.suffix == ".docx" and path.is_file() and not path.is_symlink():
                findings += docx_findings(path.read_bytes(), str(path.relative_to(self.root)))
                findings += file_name_findings(path.name, str(path.relative_to(self.root)))
            elif path.name.startswith(".tmp-") and path.exists():
                findings.append(Finding("a temporary file was left in output/", name))
        folder = self.workspace / "output" / GOOD_UNIT / SAMPLE_PERIOD
        missing = [n for n in self.good_documents if not (folder / n).is_file()]
        if missing:
            findings.append(Finding("the good unit's documents are missing after a build",
                                    ", ".join(missing)))
        return findings

    def _report(self, report: Any) -> list[Finding]:
        findings = []
        units = {r.path.parent.parent.name for r in report.written}
        good = [r for r in report.written if r.path.parent.parent.name == GOOD_UNIT]
        if len(good) != len(self.good_documents):
            findings.append(Finding("the good unit was not built next to a broken one",
                                    f"{len(good)} of {len(self.good_documents)} documents"))
        failed = {f.unit for f in report.failures}
        if BROKEN_UNIT not in units and BROKEN_UNIT not in failed:
            findings.append(Finding("a unit that built nothing is not reported as a failure"))
        if BROKEN_UNIT in units and BROKEN_UNIT in failed:
            findings.append(Finding("a unit that failed still wrote documents",
                                    ", ".join(r.path.name for r in report.written
                                              if r.path.parent.parent.name == BROKEN_UNIT)))
        for failure in report.failures:
            for text in [*(p.message for p in failure.problems), failure.message]:
                if text and not any("\u4e00" <= c <= "\u9fff" for c in text):
                    findings.append(Finding("a failure's message is not in Chinese", text[:200]))
        return findings


def test_builds_with_a_mutated_unit_next_to_a_good_one(tmp_path: Path) -> None:
    """build() on a workspace where one unit's period file is mutated: the good unit is built,
    the broken one reported, every document valid, nothing written outside output/."""
    bench = BuildBench(tmp_path)
    collector = Collector(f"build() with a mutated {BROKEN_UNIT}/{PERIOD_FILE} next to {GOOD_UNIT}")

    @fuzz_settings(FUZZ_N // 10)
    @given(edits=st.one_of(st.lists(st.sampled_from(list(TEXT_EDITS)), min_size=1, max_size=3),
                           st.lists(st.sampled_from(list(DATA_EDITS)), min_size=1, max_size=3)),
           seed=SEEDS)
    def case(edits: list[str], seed: int) -> None:
        structural = edits[0] in DATA_EDITS
        mutated = mutated_case(GOOD_UNIT, random.Random(seed), structural=structural, edits=edits)
        MEMORY.start()
        findings = bench.run(mutated.period.encode("utf-8", "surrogatepass"))
        collector.add(findings + MEMORY.check(), *trigger(BROKEN_UNIT, mutated, seed))

    case()
    assert collector.cases > 0
    collector.assert_clean()
