"""`zhenqa batch`: thousands of document pairs, paired, aligned in parallel, resumable.

| module | what |
|---|---|
| `pairing` | the contract's three pairing rules: manifest, file names, UN symbol on page 1 |
| `journal` | the SQLite (WAL) journal: pair id + input content hashes + options signature |
| `worker` | one pair in a worker process: align, QA, its files; loads models once per process |
| `rows` | the corpus rows of one alignment (links with both sides, labels, shared anchors) |
| `engine_local` | a local process pool (`--jobs`), streaming, bounded |
| `engine_ray` | the same as Ray tasks, on a local Ray or a cluster (`--engine ray`) |
| `corpus` | corpus.jsonl / corpus.parquet / corpus.tmx rebuilt from the per-pair rows |
| `progress` | the progress bar, per-pair error lines |
| `driver` | the run: plan against the journal, execute, rebuild corpus and summary.json |

ray and pyarrow are imported only inside the functions that use them.
"""
from zhenqa.batch.driver import BatchRun, mt_note, run_batch
from zhenqa.batch.worker import BatchOptions

__all__ = ["BatchOptions", "BatchRun", "mt_note", "run_batch"]
