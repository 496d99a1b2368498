"""The one declaration of the content types is complete and consistent."""

import pickle

from generator.schema import KINDS, RECORD, REF, STEPS, TYPES, TYPES_BY_NAME


def test_every_type_has_unique_field_names_and_docs():
    for content_type in TYPES:
        names = [f.name for f in content_type.fields]
        assert len(names) == len(set(names)), content_type.name
        assert content_type.doc and all(f.doc for f in content_type.fields)
        assert content_type.field(content_type.title_field) is not None


def test_every_field_kind_is_known_and_references_point_at_types():
    for content_type in TYPES:
        for f in content_type.fields:
            assert f.kind in KINDS
            for sub in f.fields:
                assert sub.kind in KINDS
                assert all(t in TYPES_BY_NAME for t in sub.targets)
            if f.kind == REF:
                assert f.targets and all(t in TYPES_BY_NAME for t in f.targets)
            if f.kind == RECORD:
                assert f.fields


def test_the_statutory_steps_are_in_order():
    assert list(STEPS)[:2] == ["draft", "consult-chief-constable"]
    assert list(STEPS)[-1] == "monitoring"


def test_a_type_pickled_by_a_worker_comes_back_as_the_one_declared_type():
    assert all(pickle.loads(pickle.dumps(t)) is t for t in TYPES)
