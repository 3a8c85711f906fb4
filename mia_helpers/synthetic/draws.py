"""Counter-based uniform draws keyed by (seed, stream, quarter, person).

Counterfactual re-simulation with common random numbers needs the *same* draw for the same
person, quarter and transition in every world, whatever the population being simulated (the
whole sample, or a few thousand clones of treated persons). A stored array of draws would not
fit in memory at 1M persons, so draws are regenerated on demand from a SplitMix64 hash of the
key: a pure function, vectorised over persons, with no state to keep in step.
"""

from __future__ import annotations

import functools

import numpy as np
from scipy.special import ndtri

_MASK = (1 << 64) - 1
_GOLDEN = np.uint64(0x9E3779B97F4A7C15)
_MIX1 = np.uint64(0xBF58476D1CE4E5B9)
_MIX2 = np.uint64(0x94D049BB133111EB)


def _splitmix_scalar(x: int) -> int:
    x = (x + 0x9E3779B97F4A7C15) & _MASK
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _MASK
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _MASK
    return x ^ (x >> 31)


def _splitmix(x: np.ndarray) -> np.ndarray:
    """SplitMix64 of every element of a uint64 array (a new array)."""
    z = x + _GOLDEN
    return _splitmix_inplace(z)


def _splitmix_inplace(z: np.ndarray) -> np.ndarray:
    """SplitMix64 finaliser applied to ``z + golden`` already in ``z`` (uint64, modified in
    place and returned): the same arithmetic as :func:`_splitmix_scalar`, modulo 2**64
    (numpy's uint64 array arithmetic wraps without a warning)."""
    z ^= z >> 30
    z *= _MIX1
    z ^= z >> 27
    z *= _MIX2
    z ^= z >> 31
    return z


@functools.lru_cache(maxsize=1 << 16)
def stream_key(seed: int, stream: int, quarter: int) -> int:
    """A 64-bit key for one (seed, stream, quarter) triple (a pure function, cached: the
    counterfactual worlds of the truth ask for the same keys again)."""
    k = _splitmix_scalar(int(seed) & _MASK)
    k = _splitmix_scalar(k ^ (int(stream) & _MASK))
    return _splitmix_scalar(k ^ ((int(quarter) + 10_000) & _MASK))


def uniform(seed: int, stream: int, quarter: int, person_ids: np.ndarray) -> np.ndarray:
    """Uniform(0, 1) draws, one per person id, for one stream and quarter (open interval).

    ``u = ((splitmix64((id * golden) xor key) >> 11) + 0.5) / 2**53`` with
    ``key = stream_key(seed, stream, quarter)``, computed in place on one uint64 copy of the
    ids (no temporaries; bit for bit the scalar formula, tests/test_synthetic.py).
    """
    key = np.uint64(stream_key(seed, stream, quarter))
    z = np.asarray(person_ids).astype(np.uint64).reshape(-1)  # a copy, modified in place
    z *= _GOLDEN
    z ^= key
    u = _unit_interval(z)
    return u if np.ndim(person_ids) else u[0]


def _unit_interval(z: np.ndarray) -> np.ndarray:
    """The shared tail of :func:`uniform` and :func:`uniforms`: ``z`` (uint64, ``id * golden
    xor key``, modified in place) -> ``((splitmix64(z) >> 11) + 0.5) / 2**53`` (float64)."""
    z += _GOLDEN
    _splitmix_inplace(z)
    z >>= 11
    u = z.astype(np.float64)
    u += 0.5
    u *= 1.0 / 9007199254740992.0
    return u


def uniforms(seed: int, streams: tuple[int, ...], quarter: int, person_ids: np.ndarray
             ) -> np.ndarray:
    """The :func:`uniform` draws of several streams in one quarter: an (n, len(streams))
    array whose column j equals ``uniform(seed, streams[j], quarter, person_ids)`` bit for bit
    (the same arithmetic on a two-dimensional array: one set of array operations for all
    streams instead of one per stream, which is most of the cost at a few thousand persons)."""
    keys = np.array([stream_key(seed, s, quarter) for s in streams], dtype=np.uint64)
    z = np.asarray(person_ids).astype(np.uint64).reshape(-1, 1)
    z *= _GOLDEN
    z = z ^ keys[None, :]  # (n, streams): a new array, modified in place below
    return _unit_interval(z)


def normal(seed: int, stream: int, quarter: int, person_ids: np.ndarray) -> np.ndarray:
    """Standard-normal draws by inversion of :func:`uniform`."""
    return ndtri(uniform(seed, stream, quarter, person_ids))


def categorical(
    seed: int, stream: int, quarter: int, person_ids: np.ndarray, probs: np.ndarray
) -> np.ndarray:
    """Index draws from a probability vector (shared) or matrix (one row per person)."""
    return categorical_from_uniform(uniform(seed, stream, quarter, person_ids), probs)


def categorical_from_uniform(u: np.ndarray, probs: np.ndarray) -> np.ndarray:
    """:func:`categorical` of given uniform draws ``u`` (one per person)."""
    p = np.asarray(probs, dtype=float)
    if p.ndim == 1:
        cum = np.cumsum(p / p.sum())
        return np.minimum(np.searchsorted(cum, u, side="right"), len(p) - 1)
    cum = np.cumsum(p / p.sum(axis=1, keepdims=True), axis=1)
    return np.minimum((u[:, None] >= cum).sum(axis=1), p.shape[1] - 1)
