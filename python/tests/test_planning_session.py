"""gosplan.planning_session: the land economy of tests/land_model.h, derived by hand there.

100 ha of land in 2001 (base year 2000, one plan year), 1 t of grain or 1 t of cotton per ha on one
farm; final demand is grain only with target mix 1, so the plan ray lambda is the grain harvest:
lambda = 100 at the base, 80 with 80 ha, 60 with the farm's grain capacity at 60 and 85 with a new
site growing up to 25 more; a grain floor of 120 t cannot be met on 100 ha (infeasible).
"""
import pytest

import gosplan

TABLES = {
    "model.toml": 'name = "land"\nbase_year = 2000\nhorizon = 1\n',
    "products.csv": "id,name,unit,group\ngrain,Grain,t,B\ncotton,Cotton,t,B\n",
    "resources.csv": "id,name,unit\nland,Land,ha\n",
    "resource_availability.csv": "resource,year,quantity\nland,2001,100\n",
    "techniques.csv": "id,name\nsow_grain,Grain growing\nsow_cotton,Cotton growing\n",
    "technique_outputs.csv": "technique,product,coefficient\nsow_grain,grain,1\nsow_cotton,cotton,1\n",
    "technique_resources.csv": "technique,resource,coefficient\nsow_grain,land,1\nsow_cotton,land,1\n",
    "enterprises.csv": "id,name,kind\nfarm,Farm,state_farm\n",
    "enterprise_techniques.csv": "enterprise,technique\nfarm,sow_grain\nfarm,sow_cotton\n",
    "final_demand.csv": "category,product,year,floor,target\nconsumption,grain,2001,0,1\n",
    "targets.csv": "id,product,enterprise,year,quantity\ngrain,grain,,2001,70\ncotton,cotton,,2001,50\n",
}


@pytest.fixture
def land(tmp_path):
    for name, text in TABLES.items():
        (tmp_path / name).write_text(text)
    return tmp_path


def test_edits_by_hand(land):
    session = gosplan.planning_session(land)
    assert session.base_plan.status == "optimal"
    assert session.base_plan.objective == pytest.approx(100, abs=1e-9)

    session.apply("resource_availability", "land", 80, year=2001)
    assert session.solve().objective == pytest.approx(80, abs=1e-9)

    session.reset()
    session.apply("final_demand_floor", "grain", 120, detail="consumption", year=2001)
    infeasible = session.solve()
    assert infeasible.status == "infeasible"
    assert "No plan can meet" in infeasible.explanation

    session.reset()
    session.apply("enterprise_capacity", "farm", 60, detail="sow_grain")
    assert session.solve().objective == pytest.approx(60, abs=1e-9)
    session.apply("construction_site", "farm2", 25, detail="sow_grain")
    assert session.solve().objective == pytest.approx(85, abs=1e-9)

    session.reset()
    assert session.solve().objective == pytest.approx(100, abs=1e-9)


def test_bad_edit_raises_and_changes_nothing(land):
    session = gosplan.planning_session(land)
    with pytest.raises(ValueError, match="water"):
        session.apply("resource_availability", "water", 5, year=2001)
    with pytest.raises(ValueError, match="kind"):
        session.apply("labour_supply", "land", 5, year=2001)
    assert session.solve().objective == pytest.approx(100, abs=1e-9)
