"""forecastscore._blas: one BLAS thread for the bootstrap, and the setting restored."""

import numpy as np

from forecastscore import _blas


def test_one_blas_thread_holds_one_thread_and_restores_the_count():
    controls = _blas._controls()
    with _blas.one_blas_thread():
        inside = None if controls is None else int(controls[0]())
        # linear algebra still works, and gives the same product
        a = np.arange(12.0).reshape(3, 4)
        np.testing.assert_array_equal(a @ a.T, [[14, 38, 62], [38, 126, 214], [62, 214, 366]])
    if controls is None:  # numpy without its bundled OpenBLAS: nothing to set
        return
    assert inside == 1
    before = int(controls[0]())
    controls[1](2)
    try:
        with _blas.one_blas_thread():
            assert int(controls[0]()) == 1
        assert int(controls[0]()) == 2
    finally:
        controls[1](before)


def test_the_thread_count_is_restored_when_the_block_raises():
    controls = _blas._controls()
    before = None if controls is None else int(controls[0]())
    try:
        with _blas.one_blas_thread():
            raise KeyError("inside")
    except KeyError:
        pass
    if controls is not None:
        assert int(controls[0]()) == before


def test_the_bundled_openblas_is_found_on_a_numpy_wheel():
    # numpy's wheels bundle OpenBLAS in numpy.libs (the machines this project runs on); the
    # bootstrap's speed under load depends on finding it.
    import glob
    import os

    folder = os.path.join(os.path.dirname(np.__file__), os.pardir, "numpy.libs")
    if glob.glob(os.path.join(folder, "*openblas*")):
        assert _blas._controls() is not None


def test_the_permutation_test_runs_on_one_blas_thread_with_identical_results(monkeypatch):
    # compare(method="permutation") makes many matrix-vector products (sign patterns times
    # the cluster sums): they run inside one_blas_thread, and give the very same numbers as
    # with numpy's default threads (each output is one row's dot product).
    import contextlib

    from forecastscore import compare
    from forecastscore.compare import _resampling

    rng = np.random.default_rng(0)
    a, b = rng.random(20_000), rng.random(20_000)
    cluster = rng.integers(0, 300, 20_000)
    entered = []

    @contextlib.contextmanager
    def recording():
        with _blas.one_blas_thread():
            controls = _blas._controls()
            entered.append(None if controls is None else int(controls[0]()))
            yield

    monkeypatch.setattr(_resampling, "one_blas_thread", recording)
    one = compare.compare(a, b, method="permutation", cluster=cluster, n_resamples=999)
    assert entered and entered[0] in (None, 1)
    monkeypatch.setattr(_resampling, "one_blas_thread", contextlib.nullcontext)
    default = compare.compare(a, b, method="permutation", cluster=cluster, n_resamples=999)
    assert one.p_value == default.p_value
    assert (one.ci_low, one.ci_high) == (default.ci_low, default.ci_high)
    assert one.mean_difference == default.mean_difference
