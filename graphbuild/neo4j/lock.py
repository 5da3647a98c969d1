"""The load lock: one load at a time, by a lock the database holds.

The first statement of a load (``load/take_lock.cypher``) writes the node
``(:GraphbuildLock {name: 'load'})`` in a transaction that stays open until the load ends
and is then rolled back. A second loader waits in its own ``take_lock``; a loader that dies
releases the lock as soon as the server drops its connection. Also here: running an
idempotent statement again while it loses a race with another loader (schema, lock node).
"""

from __future__ import annotations

import functools
import os
import socket
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import neo4j

from graphbuild.neo4j.cypher import read_cypher

ENSURE_LOCK = "load/ensure_lock"
TAKE_LOCK = "load/take_lock"


def consume(session: neo4j.Session, statement: str) -> None:
    """Run one statement in an auto-commit transaction and wait for its end."""
    session.run(statement).consume()


#: Errors of a statement racing the same statement of another loader on a new database:
#: the schema or the lock node was created by the other one a moment ago (run it again).
RACES = ("AlreadyExists", "ConstraintValidationFailed")


def retry_races(run: Callable[[], object], attempts: int = 20) -> None:
    """Run an idempotent statement, again while it loses a race with another loader."""
    for attempt in range(attempts):
        try:
            run()
            return
        except neo4j.exceptions.TransientError:
            pass
        except neo4j.exceptions.ClientError as err:
            if not any(race in (err.code or "") for race in RACES):
                raise
            if "AlreadyExists" in (err.code or ""):
                return  # the other loader created it: done
        time.sleep(0.1 * (attempt + 1))
    run()


@contextmanager
def load_lock(driver: neo4j.Driver, database: str | None, report: Any) -> Iterator[None]:
    """Hold the database's load lock (``load/take_lock.cypher``) for the ``with`` block.

    The lock is a write lock on one node taken by a transaction that stays open and is
    rolled back at the end; another loader waits in its own ``take_lock`` until then.
    """
    holder = f"{socket.gethostname()} pid {os.getpid()} at {time.strftime('%Y-%m-%dT%H:%M:%S')}"
    started = time.perf_counter()
    ensure = read_cypher(ENSURE_LOCK)
    with driver.session(database=database) as session:
        retry_races(functools.partial(consume, session, ensure))
        report.statements[ENSURE_LOCK] += 1
        while True:
            tx = session.begin_transaction()
            try:
                tx.run(read_cypher(TAKE_LOCK), holder=holder).consume()
            except neo4j.exceptions.TransientError:
                # e.g. a deadlock reported while several loaders queue: wait in line again.
                tx.close()
                time.sleep(0.2)
                continue
            except BaseException:
                tx.close()
                raise
            break
        report.statements[TAKE_LOCK] += 1
        report.waited = time.perf_counter() - started
        try:
            yield
        finally:
            tx.rollback()  # nothing of the lock is ever committed
