"""The small hand-made store the server tests run against (imported by conftest and tests)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from communique.models import Actor, Article, Event
from communique.store import Store

D = dt.date
CUBGOV = Actor("CUBGOV", "CUB", "GOV", "Miguel Díaz-Canel", "Díaz-Canel")
VNMGOV = Actor("VNMGOV", "VNM", "GOV", "Government of Vietnam", "Hanoi")
RUSGOV = Actor("RUSGOV", "RUS", "GOV", "Vladimir Putin", "Putin")
USAGOV = Actor("USAGOV", "USA", "GOV", "Government of the United States", "Washington")

# (article key, date, sentences as (source, target, cameo, plover, quad, goldstein, text))
ARTICLES = [
    ("vaccine", D(2021, 8, 25), [
        (VNMGOV, CUBGOV, "073", "AID", 2, 7.4, "Vietnam donated 5,000 tons of rice to Cuba."),
        (CUBGOV, VNMGOV, "051", "SUPPORT", 1, 3.4, "Díaz-Canel thanked Vietnam for the rice 🍚."),
    ]),
    ("visit", D(2021, 9, 20), [
        (CUBGOV, VNMGOV, "042", "CONSULT", 1, 1.9, "Díaz-Canel visited Hanoi on Monday."),
        (VNMGOV, CUBGOV, "057", "AGREE", 1, 8.0, "Vietnam signed an agreement to buy the Abdala vaccine."),
    ]),
    ("moscow", D(2019, 10, 29), [
        (CUBGOV, RUSGOV, "042", "CONSULT", 1, 1.9, "Díaz-Canel began an official visit to Russia."),
        (RUSGOV, CUBGOV, "061", "COOPERATE", 2, 6.4, "Russia and Cuba signed collaboration agreements."),
    ]),
    ("blockade", D(2021, 6, 1), [
        (CUBGOV, USAGOV, "112", "ACCUSE", 3, -2.0, "Cuba accused Washington of <script>alert(1)</script> lies."),
        (USAGOV, CUBGOV, "163", "SANCTION", 4, -8.0, "The United States kept its embargo on Cuba."),
    ]),
]
EVENTS_TOTAL = sum(len(s) for _, _, s in ARTICLES)


def build_articles() -> list[tuple[Article, list[Event]]]:
    """The ARTICLES as (article, events) pairs, each sentence the evidence of one event."""
    batch = []
    for key, day, sentences in ARTICLES:
        text = " ".join(s[-1] for s in sentences)
        article = Article(id=Article.make_id("test", key), text=text, source="test", title=f"About {key}", date=day)
        events, pos = [], 0
        for i, (src, tgt, cameo, plover, quad, gold, sentence) in enumerate(sentences):
            start = text.index(sentence, pos)
            pos = start + len(sentence)
            events.append(Event(article_id=article.id, sentence_index=i, evidence=sentence,
                                evidence_span=(start, pos), source=src, target=tgt, cameo=cameo,
                                cameo_root=cameo[:2], goldstein=gold, quad_class=quad, plover=plover,
                                date=day, date_precision="day"))
        batch.append((article, events))
    return batch


def make_store(path: Path) -> Path:
    """Write the hand-made articles and events into a new store at ``path``."""
    with Store(path) as store:
        store.add_batch(build_articles())
    return path


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class RunningServer:
    """``communique serve`` in a child process on a free loopback port (a context manager)."""

    def __init__(self, db: Path, *extra: str, timeout: float = 60.0) -> None:
        import os
        import subprocess
        import sys

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cli = Path(sys.executable).with_name("communique")
        cmd = [str(cli), "serve", "--db", str(db), "--port", str(self.port), *extra]
        env = {k: v for k, v in os.environ.items() if k != "COMMUNIQUE_TOKEN"}
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
        self._wait_ready(timeout)

    def _wait_ready(self, timeout: float) -> None:
        import time

        import httpx

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"communique serve exited early: {self.proc.stdout.read()}")
            try:
                if httpx.get(self.url + "/api/status", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"communique serve did not answer within {timeout} s")

    def stop(self) -> None:
        """Terminate the server process (and wait for it)."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except Exception:  # noqa: BLE001 - last resort
                self.proc.kill()
                self.proc.wait(timeout=10)

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()
