"""The data loader: the real files, where it looks, and every kind of bad input."""

from __future__ import annotations

import dataclasses
import gzip
import hashlib
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest

from fakes import small_arrays, write_data_dir
from fashionbook import data
from fashionbook.data import (
    CLASS_NAMES,
    FILES,
    FashionMNISTError,
    load_fashion_mnist,
    normalize,
)
from fashionbook.idx import idx_bytes


# --- the real data ---------------------------------------------------------------


def test_real_data_has_the_shapes_and_dtypes_of_keras(fashion_mnist):
    (train_images, train_labels), (test_images, test_labels) = fashion_mnist
    assert (train_images.shape, train_labels.shape) == ((60000, 28, 28), (60000,))
    assert (test_images.shape, test_labels.shape) == ((10000, 28, 28), (10000,))
    for array in (train_images, train_labels, test_images, test_labels):
        assert array.dtype == np.uint8


def test_real_data_is_balanced_over_the_ten_classes(fashion_mnist):
    (_, train_labels), (_, test_labels) = fashion_mnist
    assert np.bincount(train_labels).tolist() == [6000] * 10
    assert np.bincount(test_labels).tolist() == [1000] * 10


def test_real_data_starts_with_the_known_labels(fashion_mnist):
    (_, train_labels), _ = fashion_mnist
    assert train_labels[:10].tolist() == [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]


def test_real_pixels_span_the_whole_byte_range(fashion_mnist):
    (train_images, _), _ = fashion_mnist
    assert (train_images.min(), train_images.max()) == (0, 255)


def test_class_names_are_the_seeds_ten_names_in_label_order():
    assert CLASS_NAMES[0] == "T-shirt/top"
    assert CLASS_NAMES[9] == "Ankle boot"
    assert len(set(CLASS_NAMES)) == 10


def test_uncompressed_files_load_like_gzipped_ones(tmp_path, fashion_mnist):
    for spec in FILES.values():
        source = data.SYSTEM_DIR / f"{spec.name}.gz"
        (tmp_path / spec.name).write_bytes(gzip.decompress(source.read_bytes()))
    (train_images, _), (_, test_labels) = load_fashion_mnist(tmp_path)
    np.testing.assert_array_equal(train_images, fashion_mnist[0][0])
    np.testing.assert_array_equal(test_labels, fashion_mnist[1][1])


def test_importing_the_data_module_does_not_import_tensorflow():
    code = "import sys, fashionbook.data; print('tensorflow' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "False"


# --- where the loader looks -------------------------------------------------------


@pytest.fixture
def no_system_data(tmp_path, monkeypatch):
    """A machine without the Debian package, with an empty cache, and no network."""
    monkeypatch.setattr(data, "SYSTEM_DIR", tmp_path / "not-installed")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.setattr(data, "MIRRORS", ("http://127.0.0.1:9/",))  # nothing listens
    return tmp_path / "cache" / "fashionbook"


def test_the_argument_comes_before_the_environment_variable(small_data_dir, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, "/nonexistent")
    assert data.locate_files(small_data_dir)["train_labels"].parent == small_data_dir


def test_the_environment_variable_comes_before_the_system_folder(small_data_dir, monkeypatch):
    monkeypatch.setenv(data.ENV_VAR, str(small_data_dir))
    assert data.locate_files()["test_images"].parent == small_data_dir


def test_the_system_folder_comes_before_the_cache(no_system_data, small_data_dir, monkeypatch):
    write_data_dir(no_system_data, small_arrays())
    monkeypatch.setattr(data, "SYSTEM_DIR", small_data_dir)
    assert data.locate_files()["train_images"].parent == small_data_dir


def test_the_cache_is_used_when_the_system_folder_is_empty(no_system_data):
    write_data_dir(no_system_data, small_arrays())
    assert data.locate_files()["train_images"].parent == no_system_data


@pytest.mark.parametrize("how", ["argument", "environment variable"])
def test_a_missing_file_in_a_given_folder_is_named(small_data_dir, monkeypatch, how):
    (small_data_dir / "t10k-labels-idx1-ubyte.gz").unlink()
    if how == "environment variable":
        monkeypatch.setenv(data.ENV_VAR, str(small_data_dir))
        given = None
    else:
        given = small_data_dir
    with pytest.raises(FashionMNISTError) as caught:
        load_fashion_mnist(given)
    message = str(caught.value)
    assert "t10k-labels-idx1-ubyte.gz" in message
    assert str(small_data_dir) in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert data.ENV_VAR in message


def test_no_data_and_no_network_says_how_to_get_the_data(no_system_data):
    with pytest.raises(FashionMNISTError) as caught:
        load_fashion_mnist()
    message = str(caught.value)
    assert "could not be downloaded" in message
    assert "train-images-idx3-ubyte.gz" in message
    assert "apt-get install dataset-fashion-mnist" in message
    assert data.ENV_VAR in message
    assert not any(no_system_data.glob("*")), "a failed download left a file behind"


def test_no_download_option_refuses_to_download(no_system_data):
    with pytest.raises(FashionMNISTError, match="not on this machine"):
        data.locate_files(download=False)


# --- bad files ----------------------------------------------------------------------


def assert_clear_error(caught: pytest.ExceptionInfo, path: Path, problem: str) -> None:
    """One error that names the file, the problem and the way out; no gzip traceback."""
    message = str(caught.value)
    assert str(path) in message
    assert problem in message
    assert "apt-get install dataset-fashion-mnist" in message
    error = caught.value
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__


def test_a_truncated_gzip_file_is_reported(small_data_dir):
    path = small_data_dir / "train-images-idx3-ubyte.gz"
    path.write_bytes(path.read_bytes()[:-100])
    with pytest.raises(FashionMNISTError) as caught:
        load_fashion_mnist(small_data_dir)
    assert_clear_error(caught, path, "truncated or corrupted")


def test_a_corrupted_gzip_file_is_reported(small_data_dir):
    path = small_data_dir / "train-images-idx3-ubyte.gz"  # the first file read
    path.write_bytes(b"this is not gzip at all")
    with pytest.raises(FashionMNISTError) as caught:
        load_fashion_mnist(small_data_dir)
    assert_clear_error(caught, path, "not a complete gzip file")


def test_a_truncated_idx_payload_is_reported(small_data_dir):
    path = small_data_dir / "train-images-idx3-ubyte.gz"
    payload = idx_bytes(np.zeros((3, 28, 28), dtype=np.uint8))
    path.write_bytes(gzip.compress(payload[:-10]))  # valid gzip, short contents
    with pytest.raises(FashionMNISTError) as caught:
        load_fashion_mnist(small_data_dir)
    assert_clear_error(caught, path, "truncated or corrupted")


def test_a_wrong_magic_number_is_reported(small_data_dir):
    path = small_data_dir / "train-images-idx3-ubyte.gz"
    path.write_bytes(gzip.compress(idx_bytes(np.zeros(5, dtype=np.uint8))))  # labels
    with pytest.raises(FashionMNISTError) as caught:
        load_fashion_mnist(small_data_dir)
    assert_clear_error(caught, path, "wrong magic number 0x00000801")


def test_a_well_formed_file_with_other_contents_fails_its_checksum(small_data_dir):
    with pytest.raises(FashionMNISTError) as caught:
        load_fashion_mnist(small_data_dir)
    path = small_data_dir / "train-images-idx3-ubyte.gz"
    assert_clear_error(caught, path, "wrong checksum")
    assert FILES["train_images"].sha256 in str(caught.value)


def test_an_unreadable_file_is_reported(small_data_dir):
    path = small_data_dir / "train-images-idx3-ubyte.gz"
    path.unlink()
    path.mkdir()  # a folder where the file should be: found by name, cannot be read
    (small_data_dir / "train-images-idx3-ubyte").write_bytes(b"")
    with pytest.raises(FashionMNISTError) as caught:
        load_fashion_mnist(small_data_dir)
    assert_clear_error(caught, small_data_dir / "train-images-idx3-ubyte", "too few")


# --- downloading ----------------------------------------------------------------------


class _Server(http.server.ThreadingHTTPServer):
    files: dict[str, bytes]
    behaviour: str


class _Handler(http.server.BaseHTTPRequestHandler):
    """Serves `server.files`; `server.behaviour` can break the transfer on purpose."""

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        body = self.server.files.get(self.path.lstrip("/"))
        if body is None:
            self.send_error(404)
            return
        if self.server.behaviour == "corrupt":
            body = bytes(len(body))
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.server.behaviour == "interrupt":
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.connection.shutdown(2)  # the connection drops mid-file
            return
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def mirror(no_system_data, monkeypatch):
    """A local mirror serving Debian's copies of the four files, as if official."""
    server = _Server(("127.0.0.1", 0), _Handler)
    server.files, server.behaviour = {}, "serve"
    for key, spec in FILES.items():
        body = (Path("/usr/share/datasets/fashion-mnist") / f"{spec.name}.gz").read_bytes()
        server.files[f"{spec.name}.gz"] = body
        md5 = hashlib.md5(body).hexdigest()  # Debian's .gz differ from upstream's
        monkeypatch.setitem(FILES, key, dataclasses.replace(spec, md5_gz=md5))
    monkeypatch.setattr(data, "MIRRORS", (f"http://127.0.0.1:{server.server_port}/",))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_missing_data_is_downloaded_into_the_cache_and_verified(mirror, fashion_mnist):
    cache = data.default_cache_dir()
    (train_images, _), (_, test_labels) = load_fashion_mnist()
    assert sorted(p.name for p in cache.iterdir()) == sorted(mirror.files)
    np.testing.assert_array_equal(train_images, fashion_mnist[0][0])
    np.testing.assert_array_equal(test_labels, fashion_mnist[1][1])


def test_a_second_load_uses_the_cache_without_the_network(mirror):
    load_fashion_mnist()
    mirror.behaviour = "corrupt"  # a download now would fail its checksum
    (train_images, _), _ = load_fashion_mnist()
    assert train_images.shape == (60000, 28, 28)


@pytest.mark.parametrize("behaviour", ["interrupt", "corrupt"])
def test_a_failed_download_leaves_no_file_behind(mirror, behaviour):
    mirror.behaviour = behaviour
    with pytest.raises(FashionMNISTError, match="could not be downloaded"):
        load_fashion_mnist()
    cache = data.default_cache_dir()
    assert not cache.exists() or not any(cache.iterdir())


# --- normalize ------------------------------------------------------------------------


def test_normalize_maps_the_byte_range_onto_zero_to_one():
    result = normalize(np.array([[0, 51], [102, 255]], dtype=np.uint8))
    assert result.dtype == np.float32
    np.testing.assert_allclose(result, [[0.0, 0.2], [0.4, 1.0]], rtol=1e-7)


def test_normalize_does_not_change_its_input():
    images = np.array([0, 255], dtype=np.uint8)
    normalize(images)
    assert images.tolist() == [0, 255]


# --- the command that make book and make test run --------------------------------


def test_the_command_line_verifies_the_data():
    result = subprocess.run(
        [sys.executable, "-m", "fashionbook", "--no-download"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "verified" in result.stdout


def test_the_command_line_fails_clearly_without_data(tmp_path):
    env = {"FASHION_MNIST_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-m", "fashionbook"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1
    assert result.stderr.startswith("error: train-images-idx3-ubyte.gz")
    assert "Traceback" not in result.stderr
