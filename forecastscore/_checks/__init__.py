"""Input validation for arrays: fast, vectorised, and precise about where the problem is.

What lives here: conversion of array-like inputs to clean numpy arrays, range and type
checks, broadcasting checks, and the messages that name the argument, the bad value and its
index. What does not: any formula (that is ``_kernels``) or any knowledge of the claim model.

The checks on the default path are reductions (``min``/``max``/``sum``) run block by block, so
that the data are read from cache rather than from memory once per check; the position of a
bad value is only searched for once a block is known to hold one.

Masked arrays are read with their masked entries as missing values (NaN), so that
``nan_policy`` decides what happens to them; nothing masked is scored as if it were data.
"""

# Every name of the two modules, private ones included: the rooms call them as
# ``_checks.name`` (the package is the room; its modules are how it is kept).
from ._core import _BLOCK as _BLOCK
from ._core import _EPS as _EPS
from ._core import _NAN_POLICIES as _NAN_POLICIES
from ._core import SUM_ATOL as SUM_ATOL
from ._core import BoolArray as BoolArray
from ._core import FloatArray as FloatArray
from ._core import IntArray as IntArray
from ._core import NanPolicy as NanPolicy
from ._core import _blocks as _blocks
from ._core import _bool_message as _bool_message
from ._core import _first_bad as _first_bad
from ._core import _first_bool as _first_bool
from ._core import _first_example as _first_example
from ._core import _fmt as _fmt
from ._core import _item as _item
from ._core import _object_outcomes as _object_outcomes
from ._core import _object_to_float as _object_to_float
from ._core import _pandas_index as _pandas_index
from ._core import _raise_bad_outcome as _raise_bad_outcome
from ._core import _raise_bad_probability as _raise_bad_probability
from ._core import _real_option as _real_option
from ._core import _row_position as _row_position
from ._core import _unmask as _unmask
from ._core import as_binary_outcome as as_binary_outcome
from ._core import as_categorical_forecast as as_categorical_forecast
from ._core import as_category_index as as_category_index
from ._core import as_float_array as as_float_array
from ._core import asarray as asarray
from ._core import broadcast_shape as broadcast_shape
from ._core import check_aligned as check_aligned
from ._core import check_atol as check_atol
from ._core import check_axis as check_axis
from ._core import check_choice as check_choice
from ._core import check_clip as check_clip
from ._core import check_confidence as check_confidence
from ._core import check_integer as check_integer
from ._core import check_nan_policy as check_nan_policy
from ._core import check_positive_base as check_positive_base
from ._core import check_probabilities as check_probabilities
from ._core import check_within_shape as check_within_shape
from ._core import position as position
from ._core import row_sum_tolerance as row_sum_tolerance
from ._core import row_sums as row_sums
from ._core import rows_sum_to_one as rows_sum_to_one
from ._real import _parameters_at as _parameters_at
from ._real import as_frozen_distribution as as_frozen_distribution
from ._real import as_real_array as as_real_array
from ._real import check_axis_length as check_axis_length
from ._real import check_converged as check_converged
from ._real import check_distribution_parameters as check_distribution_parameters
from ._real import check_finite as check_finite
from ._real import check_flag as check_flag
from ._real import check_level as check_level
from ._real import check_ordered as check_ordered
from ._real import move_axis_last as move_axis_last
