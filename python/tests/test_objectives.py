"""The objective keywords of gosplan.plan: objective="maxmin", fulfilment_floor and group_floors
(docs/planning-model.md, "Max–min fulfilment across groups"), on small economies derived by hand.

By hand: PYTHONPATH=build/python python3 -m pytest python/tests -q -k objectives
"""

import pytest

import gosplan


def write_economy(folder, labour, final_demand):
    """One year (2001), labour `labour`, a from 1 labour and b from 4 (a has priority weight 1);
    final_demand: rows category,product,year,floor,target."""
    folder.mkdir()
    files = {
        "model.toml": 'name = "groups"\nbase_year = 2000\nhorizon = 1\n',
        "products.csv": "id,name,unit,group,priority_weight\na,A,t,B,1\nb,B,t,B,0\n",
        "resources.csv": "id,name,unit,weight\nlabour,Labour,h,1\n",
        "resource_availability.csv": f"resource,year,quantity\nlabour,2001,{labour}\n",
        "techniques.csv": "id,name\nmake_a,Making a\nmake_b,Making b\n",
        "technique_outputs.csv": "technique,product,coefficient\nmake_a,a,1\nmake_b,b,1\n",
        "technique_resources.csv":
            "technique,resource,coefficient\nmake_a,labour,1\nmake_b,labour,4\n",
        "enterprises.csv": "id,name,kind,construction_lag\nworks,Works,factory,1\n",
        "enterprise_techniques.csv": "enterprise,technique\nworks,make_a\nworks,make_b\n",
        "final_demand.csv": "category,product,year,floor,target\n" + final_demand,
    }
    for name, text in files.items():
        (folder / name).write_text(text)
    return folder


def test_maxmin_keyword_gives_both_groups_the_hand_derived_level(tmp_path):
    # Labour 10; group A wants 1 a (1 labour a unit), B 1 b (4 labour): λ_A = λ_B = z with
    # z + 4z = 10, so z = 2 for both.
    model = write_economy(tmp_path / "m", 10, "A,a,2001,0,1\nB,b,2001,0,1\n")
    result = gosplan.plan(model, objective="maxmin", out=tmp_path / "plan")
    assert result.status == "optimal"
    assert result.objective == pytest.approx(2.0, abs=1e-7)
    assert result.group_levels == pytest.approx({"A": 2.0, "B": 2.0}, abs=1e-7)
    groups = result.to_dict()["groups"]
    assert [g["group"] for g in groups] == ["A", "B"]
    assert (tmp_path / "plan" / "groups.csv").exists()


def test_group_floors_and_fulfilment_floor_keywords(tmp_path):
    # priority_output (a only) with labour 10: with B's fulfilment ≥ 1, b takes 4 labour and a
    # the other 6: objective 6. With the fulfilment floor 1 on the mix a : b = 1 : 1, a ≥ 1 and
    # b ≥ 1 (5 labour), the rest to a: a = 6, objective 6 again, λ = min(6, 1) = 1.
    model = write_economy(tmp_path / "m", 10, "A,a,2001,0,1\nB,b,2001,0,1\n")
    plain = gosplan.plan(model, objective="priority_output")
    assert plain.objective == pytest.approx(10.0, abs=1e-7)
    assert plain.group_levels == {}
    floored = gosplan.plan(model, objective="priority_output", group_floors={"B": 1})
    assert floored.objective == pytest.approx(6.0, abs=1e-7)
    assert floored.group_levels["B"] == pytest.approx(1.0, abs=1e-7)
    mix = gosplan.plan(model, objective="priority_output", fulfilment_floor=1.0)
    assert mix.objective == pytest.approx(6.0, abs=1e-7)
    assert mix.fulfilment[0] == pytest.approx(1.0, abs=1e-7)
    with pytest.raises(ValueError, match="workers"):
        gosplan.plan(model, objective="priority_output", group_floors={"workers": 1})
    with pytest.raises(ValueError, match="maxmin"):
        gosplan.plan(model, objective="most_fair")
