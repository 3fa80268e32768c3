// js_array_sort: the order V8's Array.prototype.sort (third_party/v8/builtins/array-sort.tq,
// the TimSort of CPython's listobject.c) gives an array under a comparison function. A
// comparator that is not a strict weak order (Astro's routeComparator) makes the result depend
// on the exact sequence of comparisons, so every comparison below is the one V8 makes, with its
// arguments in the same order: `before(x, y)` stands for `comparefn(x, y) < 0`, the only thing
// V8 ever asks of a comparison's result.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

namespace cachectl::detail {

/// Sorts `work` in place exactly as V8's Array.prototype.sort with a comparator whose
/// `comparefn(x, y) < 0` is `before(x, y)`.
template <typename T, typename Before>
class JsArraySort {
public:
  /// Binds the array to sort and the comparison.
  JsArraySort(std::vector<T>& work, Before before)
      : work_(work)
      , before_(std::move(before))
  {
  }

  /// ArrayTimSort: TimSort from two elements on (below 64 one run and a binary insertion).
  void
  run()
  {
    const std::ptrdiff_t length = static_cast<std::ptrdiff_t>(work_.size());
    if (length < 2) {
      return;
    }
    tim_sort(length);
  }

private:
  using Index = std::ptrdiff_t;
  // V8 as node 20 ships it (V8 11.3, the interop oracle's): every array of two elements or
  // more goes through TimSort. Later V8 (v8/v8 main) sorts arrays below kMinTimSortLen = 10 by
  // binary insertion alone, skipping the first run; with a cycle among fewer than 10 patterns
  // that can give another order.
  static constexpr Index kMinGallopWins = 7;

  struct Run {
    Index base;
    Index length;
  };

  bool
  before(const T& x, const T& y)
  {
    return before_(x, y);
  }

  // [low, start) is sorted; inserts each of [start, high) after its equals.
  void
  binary_insertion_sort(Index low, Index start, Index high)
  {
    if (start == low) {
      ++start;
    }
    for (; start < high; ++start) {
      Index left = low;
      Index right = start;
      T pivot = work_[static_cast<std::size_t>(right)];
      while (left < right) {
        const Index mid = left + ((right - left) >> 1);
        if (before(pivot, at(work_, mid))) {
          right = mid;
        } else {
          left = mid + 1;
        }
      }
      for (Index p = start; p > left; --p) {
        at(work_, p) = at(work_, p - 1);
      }
      at(work_, left) = pivot;
    }
  }

  // The length of the run at low (ascending, or strictly descending and then reversed).
  Index
  count_and_make_run(Index low_arg, Index high)
  {
    const Index low = low_arg + 1;
    if (low == high) {
      return 1;
    }
    Index run_length = 2;
    const bool descending = before(at(work_, low), at(work_, low - 1));
    Index previous = low;
    for (Index idx = low + 1; idx < high; ++idx) {
      const bool less = before(at(work_, idx), at(work_, previous));
      if (descending ? !less : less) {
        break;
      }
      previous = idx;
      ++run_length;
    }
    if (descending) {
      std::reverse(work_.begin() + low_arg, work_.begin() + low_arg + run_length);
    }
    return run_length;
  }

  // The offset in [0, length] where key goes before its equals in array[base, base + length).
  Index
  gallop_left(const std::vector<T>& array, const T& key, Index base, Index length, Index hint)
  {
    Index last = 0;
    Index offset = 1;
    if (before(at(array, base + hint), key)) {
      const Index max = length - hint;
      while (offset < max && before(at(array, base + hint + offset), key)) {
        last = offset;
        offset = (offset << 1) + 1;
      }
      offset = std::min(offset, max);
      last += hint;
      offset += hint;
    } else {
      const Index max = hint + 1;
      while (offset < max && !before(at(array, base + hint - offset), key)) {
        last = offset;
        offset = (offset << 1) + 1;
      }
      offset = std::min(offset, max);
      const Index tmp = last;
      last = hint - offset;
      offset = hint - tmp;
    }
    ++last;
    while (last < offset) {
      const Index m = last + ((offset - last) >> 1);
      if (before(at(array, base + m), key)) {
        last = m + 1;
      } else {
        offset = m;
      }
    }
    return offset;
  }

  // The offset in [0, length] where key goes after its equals in array[base, base + length).
  Index
  gallop_right(const std::vector<T>& array, const T& key, Index base, Index length, Index hint)
  {
    Index last = 0;
    Index offset = 1;
    if (before(key, at(array, base + hint))) {
      const Index max = hint + 1;
      while (offset < max && before(key, at(array, base + hint - offset))) {
        last = offset;
        offset = (offset << 1) + 1;
      }
      offset = std::min(offset, max);
      const Index tmp = last;
      last = hint - offset;
      offset = hint - tmp;
    } else {
      const Index max = length - hint;
      while (offset < max && !before(key, at(array, base + hint + offset))) {
        last = offset;
        offset = (offset << 1) + 1;
      }
      offset = std::min(offset, max);
      last += hint;
      offset += hint;
    }
    ++last;
    while (last < offset) {
      const Index m = last + ((offset - last) >> 1);
      if (before(key, at(array, base + m))) {
        offset = m;
      } else {
        last = m + 1;
      }
    }
    return offset;
  }

  // Copies array[from, from + count) to target[to, ...), overlapping ranges included.
  static void
  copy(const std::vector<T>& source, Index from, std::vector<T>& target, Index to, Index count)
  {
    if (from < to) {
      std::copy_backward(
          source.begin() + from, source.begin() + from + count, target.begin() + to + count);
    } else {
      std::copy(source.begin() + from, source.begin() + from + count, target.begin() + to);
    }
  }

  // Merges the runs [base_a, +length_a) and [base_b, +length_b), length_a <= length_b.
  void
  merge_low(Index base_a, Index length_a, Index base_b, Index length_b)
  {
    temp_.assign(work_.begin() + base_a, work_.begin() + base_a + length_a);
    Index dest = base_a;
    Index cursor_temp = 0;
    Index cursor_b = base_b;
    at(work_, dest++) = at(work_, cursor_b++);
    bool copy_b = false; // V8's label CopyB, else its label Succeed
    if (--length_b != 0) {
      copy_b = length_a == 1 || merge_low_loop(length_a, length_b, dest, cursor_temp, cursor_b);
    }
    if (copy_b) {
      copy(work_, cursor_b, work_, dest, length_b);
      at(work_, dest + length_b) = at(temp_, cursor_temp);
    } else if (length_a > 0) {
      copy(temp_, cursor_temp, work_, dest, length_a);
    }
  }

  // The body of merge_low; true when it ends at CopyB, false at Succeed.
  bool
  merge_low_loop(Index& length_a, Index& length_b, Index& dest, Index& cursor_temp, Index& cursor_b)
  {
    Index min_gallop = min_gallop_;
    while (true) {
      Index wins_a = 0;
      Index wins_b = 0;
      while (true) {
        if (before(at(work_, cursor_b), at(temp_, cursor_temp))) {
          at(work_, dest++) = at(work_, cursor_b++);
          ++wins_b;
          --length_b;
          wins_a = 0;
          if (length_b == 0) {
            return false;
          }
          if (wins_b >= min_gallop) {
            break;
          }
        } else {
          at(work_, dest++) = at(temp_, cursor_temp++);
          ++wins_a;
          --length_a;
          wins_b = 0;
          if (length_a == 1) {
            return true;
          }
          if (wins_a >= min_gallop) {
            break;
          }
        }
      }
      ++min_gallop;
      bool first = true;
      while (wins_a >= kMinGallopWins || wins_b >= kMinGallopWins || first) {
        first = false;
        min_gallop = std::max<Index>(1, min_gallop - 1);
        min_gallop_ = min_gallop;
        wins_a = gallop_right(temp_, at(work_, cursor_b), cursor_temp, length_a, 0);
        if (wins_a > 0) {
          copy(temp_, cursor_temp, work_, dest, wins_a);
          dest += wins_a;
          cursor_temp += wins_a;
          length_a -= wins_a;
          if (length_a == 1) {
            return true;
          }
          if (length_a == 0) {
            return false;
          }
        }
        at(work_, dest++) = at(work_, cursor_b++);
        if (--length_b == 0) {
          return false;
        }
        wins_b = gallop_left(work_, at(temp_, cursor_temp), cursor_b, length_b, 0);
        if (wins_b > 0) {
          copy(work_, cursor_b, work_, dest, wins_b);
          dest += wins_b;
          cursor_b += wins_b;
          length_b -= wins_b;
          if (length_b == 0) {
            return false;
          }
        }
        at(work_, dest++) = at(temp_, cursor_temp++);
        if (--length_a == 1) {
          return true;
        }
      }
      ++min_gallop;
      min_gallop_ = min_gallop;
    }
  }

  // Merges the runs [base_a, +length_a) and [base_b, +length_b) backwards, length_a >= length_b.
  void
  merge_high(Index base_a, Index length_a, Index base_b, Index length_b)
  {
    temp_.assign(work_.begin() + base_b, work_.begin() + base_b + length_b);
    Index dest = base_b + length_b - 1;
    Index cursor_temp = length_b - 1;
    Index cursor_a = base_a + length_a - 1;
    at(work_, dest--) = at(work_, cursor_a--);
    bool copy_a = false; // V8's label CopyA, else its label Succeed
    if (--length_a != 0) {
      copy_a =
          length_b == 1 || merge_high_loop(base_a, length_a, length_b, dest, cursor_temp, cursor_a);
    }
    if (copy_a) {
      dest -= length_a;
      cursor_a -= length_a;
      copy(work_, cursor_a + 1, work_, dest + 1, length_a);
      at(work_, dest) = at(temp_, cursor_temp);
    } else if (length_b > 0) {
      copy(temp_, 0, work_, dest - (length_b - 1), length_b);
    }
  }

  // The body of merge_high; true when it ends at CopyA, false at Succeed.
  bool
  merge_high_loop(Index base_a,
                  Index& length_a,
                  Index& length_b,
                  Index& dest,
                  Index& cursor_temp,
                  Index& cursor_a)
  {
    Index min_gallop = min_gallop_;
    while (true) {
      Index wins_a = 0;
      Index wins_b = 0;
      while (true) {
        if (before(at(temp_, cursor_temp), at(work_, cursor_a))) {
          at(work_, dest--) = at(work_, cursor_a--);
          ++wins_a;
          --length_a;
          wins_b = 0;
          if (length_a == 0) {
            return false;
          }
          if (wins_a >= min_gallop) {
            break;
          }
        } else {
          at(work_, dest--) = at(temp_, cursor_temp--);
          ++wins_b;
          --length_b;
          wins_a = 0;
          if (length_b == 1) {
            return true;
          }
          if (wins_b >= min_gallop) {
            break;
          }
        }
      }
      ++min_gallop;
      bool first = true;
      while (wins_a >= kMinGallopWins || wins_b >= kMinGallopWins || first) {
        first = false;
        min_gallop = std::max<Index>(1, min_gallop - 1);
        min_gallop_ = min_gallop;
        Index k = gallop_right(work_, at(temp_, cursor_temp), base_a, length_a, length_a - 1);
        wins_a = length_a - k;
        if (wins_a > 0) {
          dest -= wins_a;
          cursor_a -= wins_a;
          copy(work_, cursor_a + 1, work_, dest + 1, wins_a);
          length_a -= wins_a;
          if (length_a == 0) {
            return false;
          }
        }
        at(work_, dest--) = at(temp_, cursor_temp--);
        if (--length_b == 1) {
          return true;
        }
        k = gallop_left(temp_, at(work_, cursor_a), 0, length_b, length_b - 1);
        wins_b = length_b - k;
        if (wins_b > 0) {
          dest -= wins_b;
          cursor_temp -= wins_b;
          copy(temp_, cursor_temp + 1, work_, dest + 1, wins_b);
          length_b -= wins_b;
          if (length_b == 1) {
            return true;
          }
          if (length_b == 0) {
            return false;
          }
        }
        at(work_, dest--) = at(work_, cursor_a--);
        if (--length_a == 0) {
          return false;
        }
      }
      ++min_gallop;
      min_gallop_ = min_gallop;
    }
  }

  // Merges the pending runs i and i + 1.
  void
  merge_at(std::size_t i)
  {
    Index base_a = runs_[i].base;
    Index length_a = runs_[i].length;
    const Index base_b = runs_[i + 1].base;
    Index length_b = runs_[i + 1].length;
    runs_[i].length = length_a + length_b;
    runs_.erase(runs_.begin() + static_cast<Index>(i) + 1);

    const Index k = gallop_right(work_, at(work_, base_b), base_a, length_a, 0);
    base_a += k;
    length_a -= k;
    if (length_a == 0) {
      return;
    }
    length_b = gallop_left(work_, at(work_, base_a + length_a - 1), base_b, length_b, length_b - 1);
    if (length_b == 0) {
      return;
    }
    if (length_a <= length_b) {
      merge_low(base_a, length_a, base_b, length_b);
    } else {
      merge_high(base_a, length_a, base_b, length_b);
    }
  }

  // run(n - 2) > run(n - 1) + run(n), true below two runs.
  bool
  invariant_established(Index n) const
  {
    if (n < 2) {
      return true;
    }
    return length(n - 2) > length(n - 1) + length(n);
  }

  Index
  length(Index run) const
  {
    return runs_[static_cast<std::size_t>(run)].length;
  }

  // Merges adjacent runs until the stack invariants hold again.
  void
  merge_collapse()
  {
    while (runs_.size() > 1) {
      Index n = static_cast<Index>(runs_.size()) - 2;
      if (!invariant_established(n + 1) || !invariant_established(n)) {
        if (length(n - 1) < length(n + 1)) {
          --n;
        }
        merge_at(static_cast<std::size_t>(n));
      } else if (length(n) <= length(n + 1)) {
        merge_at(static_cast<std::size_t>(n));
      } else {
        break;
      }
    }
  }

  // Merges every run left, the smaller neighbour first.
  void
  merge_force_collapse()
  {
    while (runs_.size() > 1) {
      Index n = static_cast<Index>(runs_.size()) - 2;
      if (n > 0 && length(n - 1) < length(n + 1)) {
        --n;
      }
      merge_at(static_cast<std::size_t>(n));
    }
  }

  // n itself below 64; else 32..64 so that n / result is just under a power of two.
  static Index
  min_run_length(Index n)
  {
    Index r = 0;
    while (n >= 64) {
      r |= n & 1;
      n >>= 1;
    }
    return n + r;
  }

  void
  tim_sort(Index length)
  {
    Index remaining = length;
    Index low = 0;
    const Index min_run = min_run_length(remaining);
    while (remaining != 0) {
      Index current = count_and_make_run(low, low + remaining);
      if (current < min_run) {
        const Index forced = std::min(min_run, remaining);
        binary_insertion_sort(low, low + current, low + forced);
        current = forced;
      }
      runs_.push_back(Run{low, current});
      merge_collapse();
      low += current;
      remaining -= current;
    }
    merge_force_collapse();
  }

  static T&
  at(std::vector<T>& v, Index i)
  {
    return v[static_cast<std::size_t>(i)];
  }

  static const T&
  at(const std::vector<T>& v, Index i)
  {
    return v[static_cast<std::size_t>(i)];
  }

  std::vector<T>& work_;
  Before before_;
  std::vector<T> temp_;
  std::vector<Run> runs_;
  Index min_gallop_ = kMinGallopWins;
};

/// Sorts `work` exactly as V8's Array.prototype.sort does when `comparefn(x, y) < 0` is
/// `before(x, y)`.
template <typename T, typename Before>
void
js_array_sort(std::vector<T>& work, Before before)
{
  JsArraySort<T, Before>(work, std::move(before)).run();
}

} // namespace cachectl::detail
