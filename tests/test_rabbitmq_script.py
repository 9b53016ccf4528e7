"""scripts/rabbitmq.sh: a throw-away node whose durable quorum queues keep their persistent
messages across a restart, and that leaves nothing behind after ``clean``."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pika
import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "rabbitmq.sh"


def _script(command: str, state: Path) -> str:
    done = subprocess.run([str(SCRIPT), command, "--state", str(state)], capture_output=True, text=True, timeout=240)
    if done.returncode:
        raise subprocess.CalledProcessError(done.returncode, done.args, done.stdout, done.stderr)
    return done.stdout.strip()


def test_a_restarted_node_keeps_its_persistent_messages_and_clean_removes_everything(
    amqp_url: str, tmp_path: Path
) -> None:
    for folder in (tmp_path, *tmp_path.parents):  # as root the node runs as rabbitmq, who must reach it
        if folder == Path(tempfile.gettempdir()):
            break
        folder.chmod(folder.stat().st_mode | 0o011)
    state = tmp_path / "node"
    url = _script("start", state)
    try:
        connection = pika.BlockingConnection(pika.URLParameters(url))
        channel = connection.channel()
        channel.confirm_delivery()
        channel.queue_declare("kept", durable=True, arguments={"x-queue-type": "quorum"})
        channel.basic_publish("", "kept", b"tin 1", pika.BasicProperties(delivery_mode=2))
        connection.close()
        assert _script("restart", state) == url  # the same ports and node name
        connection = pika.BlockingConnection(pika.URLParameters(url))
        method, _properties, body = connection.channel().basic_get("kept", auto_ack=True)
        connection.close()
        assert method is not None and body == b"tin 1"
    except subprocess.CalledProcessError as error:
        pytest.fail(f"rabbitmq.sh {error.cmd[1]}: {error.stderr}")
    finally:
        _script("clean", state)
    assert not state.exists()
    with pytest.raises(subprocess.CalledProcessError) as stopped:
        _script("status", state)
    assert stopped.value.returncode == 3
