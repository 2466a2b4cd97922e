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
    again = commit(store, prepare(CSV.encode(), "week1-again.csv"))
    assert again.change is None
    frame = deals(store).sort("opportunity_id")
    assert frame.get_column("outcome").to_list() == ["won", "won", "open"]
    assert store.archived(prepare(CSV.encode(), "x").sha256) == CSV.encode()
    assert store.history().get_column("store_version").to_list() == [2, 1]
