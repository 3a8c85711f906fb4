"""Chapter 2's summary clause on the curves held at zero names each curve's event, as the
section does (:func:`claims.km_undrawn_events`, trial28): "held at zero ... for a job or a
stable job" was said of curves held for one event only (prose28b)."""
from mia_helpers import claims


def test_summary_names_the_event_of_each_curve_held_at_zero() -> None:
    s = claims.km_widen_sentence(1, ["maghreb:second"], 3, undrawn=2,
                                 undrawn_events=[{"stable"}, {"stable"}])
    assert "a job or a stable job" not in s, s
    assert s.endswith("; one other group's curves are too coarse to compare and two more "
                      "groups' curves for a stable job are held at zero by disclosure control "
                      "and not drawn"), s


def test_one_curve_per_event_and_both() -> None:
    one = claims.km_widen_sentence(1, ["maghreb:second"], 1, undrawn=1,
                                   undrawn_events=[{"job"}])
    assert one.endswith("; one other group's curve for a job is held at zero by disclosure "
                        "control and not drawn"), one
    both = claims.km_widen_sentence(1, ["maghreb:second"], 2, undrawn=2,
                                    undrawn_events=[{"job", "stable"}, {"job"}])
    assert "one other group's curves for both a job and a stable job, and one group's curve " \
           "for a job, are held at zero" in both, both


def test_without_the_events_the_clause_covers_either() -> None:
    s = claims.km_widen_sentence(1, ["maghreb:second"], 1, undrawn=1)
    assert "for a job or a stable job is held at zero" in s, s
