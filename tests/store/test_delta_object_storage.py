"""The same store code on object storage: an S3 API served locally by moto, no network."""

import socket

import pytest
from moto.server import ThreadedMotoServer

from winloss.deals import deals
from winloss.ingest.pipeline import commit, prepare
from winloss.store.delta import Store

CSV = "Opportunity ID,Owner,Stage,Close Date,Amount\nA1,Ann,Closed Won,2025-01-05,100\nA2,Bo,Closed Lost,2025-02-05,50\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def s3_options():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    import boto3

    boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                 aws_secret_access_key="test").create_bucket(Bucket="winloss-test")
    yield {
        "AWS_ENDPOINT_URL": endpoint, "AWS_ALLOW_HTTP": "true", "AWS_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test",
        # A local emulator has no lock service; real deployments use S3 conditional writes.
        "AWS_S3_ALLOW_UNSAFE_RENAME": "true", "timeout": "20s",
    }
    server.stop()


def test_ingest_merge_and_read_on_s3(s3_options):
    store = Store("s3://winloss-test/store", storage_options=s3_options)
    assert store.version() == 0
    first = commit(store, prepare(CSV.encode(), "week1.csv"))
    assert first.change.store_version == 1 and first.change.inserted == 2
    updated = CSV.replace("A2,Bo,Closed Lost", "A2,Bo,Closed Won") + "A3,Cy,Prospecting,,\n"
    second = commit(store, prepare(updated.encode(), "week2.csv"))
    assert (second.change.inserted, second.change.updated, second.change.unchanged) == (1, 1, 1)
    frame = deals(store).sort("opportunity_id")
    assert frame.get_column("outcome").to_list() == ["won", "won", "open"]
    # Week 2 changed A2 since week 1 was stored: week 1 again is no longer "already loaded", and puts A2 back
    # (winloss.store.delta.replaced_since). The same bytes again right after are.
    again = commit(store, prepare(CSV.encode(), "week1-again.csv"))
    assert (again.change.store_version, again.change.updated, again.change.unchanged) == (3, 1, 1)
    assert commit(store, prepare(CSV.encode(), "week1-again.csv")).change is None
    frame = deals(store).sort("opportunity_id")
    assert frame.get_column("outcome").to_list() == ["won", "lost", "open"]
    assert store.archived(prepare(CSV.encode(), "x").sha256) == CSV.encode()
    assert store.history().get_column("store_version").to_list() == [3, 2, 1]


def _serve_s3(port: int) -> None:
    import time

    ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False).start()
    while True:
        time.sleep(60)


@pytest.fixture
def s3_apart(s3_options):
    """s3_options served by a moto server in a process of its own: deltalake's restore holds the
    interpreter while it waits on the store, so a server in the same process could not answer it."""
    import multiprocessing

    import boto3

    port = free_port()
    server = multiprocessing.get_context("fork").Process(target=_serve_s3, args=(port,), daemon=True)
    server.start()
    endpoint = f"http://127.0.0.1:{port}"
    client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test",
                          aws_secret_access_key="test")
    for _ in range(100):
        try:
            client.create_bucket(Bucket="winloss-test")
            break
        except Exception:  # not listening yet
            import time

            time.sleep(0.1)
    yield {**s3_options, "AWS_ENDPOINT_URL": endpoint}
    server.kill()


def test_of_two_writes_on_s3_that_read_the_same_version_one_is_kept_and_the_other_told_to_run_again(s3_apart, monkeypatch):
    s3_options = s3_apart
    import threading

    from winloss.exchange import ExchangeRates
    from winloss.store.delta import CONFLICT

    uri = "s3://winloss-test/race"
    commit(Store(uri, storage_options=s3_options), prepare(CSV.encode(), "week1.csv"))
    read, first_done = threading.Barrier(2, timeout=60), threading.Event()
    ensure, commit_row = Store._ensure_tables, Store._commit

    def ensure_together(self):
        versions = ensure(self)
        read.wait()
        return versions

    def rates_first(self, versions, **fields):
        if fields.get("action") != "settings":
            first_done.wait(60)
        try:
            return commit_row(self, versions, **fields)
        finally:
            first_done.set()

    monkeypatch.setattr(Store, "_ensure_tables", ensure_together)
    monkeypatch.setattr(Store, "_commit", rates_first)
    out: dict = {}

    def upload():
        try:
            out["upload"] = commit(Store(uri, storage_options=s3_options), prepare((CSV + "A9,Cy,Prospecting,,\n").encode(), "w2.csv"))
        except Exception as exc:  # the outcome under test
            out["upload"] = exc

    def rates():
        out["rates"] = Store(uri, storage_options=s3_options).save_exchange_rates(ExchangeRates("USD", {"EUR": 1.1}))

    threads = [threading.Thread(target=upload), threading.Thread(target=rates)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert out["rates"].store_version == 2
    assert str(out["upload"]) == CONFLICT
    store = Store(uri, storage_options=s3_options)
    assert store.version() == 2 and store.opportunities().collect().height == 2
    assert store.exchange_rates().rates == {"EUR": 1.1}
