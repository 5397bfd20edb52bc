"""A plan's tables as pandas DataFrames (PlanResult.table / .regional_balances / .trade / ...),
checked against identities computed here from the frames themselves, independently of the engine:

- regional_balances: in every row the supply (production + stock_in + imports + transport_in)
  equals the uses (intermediate_use + transport_use + accumulation + Σ final + stock_out + exports
  + transport_out + surplus) — docs/planning-model.md, "Regions and transport";
- the regions add up to the nation: Σ over regions of production equals balances.csv's production;
- transport: what arrives in a region in a year is Σ of the links into it, what leaves Σ of the
  links out (transport.csv against regional_balances.csv);
- trade: each year's currency earnings are Σ export_price·exports of trade.csv, spending Σ
  import_price·imports, and the currency balance holds:
  earnings − spending + D[t] − D[t−1] − interest + V[t−1] − V[t] ≥ 0 (docs/planning-model.md,
  "Foreign trade"; V[0] = the model's initial reserves, 0 in the example).
The examples are the repository's examples/ussr-1928-regions and examples/ussr-1928-trade.
"""
import os

import numpy as np
import pytest

import gosplan

pd = pytest.importorskip("pandas")

ROOT = os.path.join(os.path.dirname(__file__), "..", "..")
REGIONS = os.path.join(ROOT, "examples", "ussr-1928-regions")
TRADE = os.path.join(ROOT, "examples", "ussr-1928-trade")


@pytest.fixture(scope="module")
def regional_plan():
    return gosplan.plan(REGIONS)


@pytest.fixture(scope="module")
def trade_plan():
    return gosplan.plan(TRADE)


def _supply_and_uses(frame):
    finals = [c for c in frame.columns if c.startswith("final_")]
    supply = frame["production"] + frame["stock_in"] + frame["transport_in"]
    uses = (frame["intermediate_use"] + frame["transport_use"] + frame["accumulation"]
            + frame[finals].sum(axis=1) + frame["stock_out"] + frame["transport_out"]
            + frame["surplus"])
    if "imports" in frame:
        supply = supply + frame["imports"]
        uses = uses + frame["exports"]
    return supply, uses


def test_regional_balances_hold_in_every_row(regional_plan):
    assert regional_plan.status == "optimal"
    frame = regional_plan.regional_balances
    assert isinstance(frame, pd.DataFrame)
    model = gosplan.load_model(REGIONS)
    # One row per product, region and plan year.
    assert len(frame) == len(model.products) * 3 * 5
    assert set(frame["region"]) == {"west", "urals", "kuzbass"}
    supply, uses = _supply_and_uses(frame)
    scale = np.maximum(1.0, np.maximum(supply.abs(), uses.abs()))
    assert ((supply - uses).abs() <= 1e-8 * scale).all()
    assert (frame["surplus"] >= -1e-8 * scale).all()  # free disposal only: no region short
    assert (frame["price"] >= 0).all()


def test_regions_add_up_to_the_nation(regional_plan):
    regional = regional_plan.regional_balances.groupby(["product", "year"])["production"].sum()
    national = regional_plan.balances.set_index(["product", "year"])["production"]
    joined = pd.concat([regional, national], axis=1, keys=["regions", "nation"]).dropna()
    assert len(joined) == len(national)
    assert np.allclose(joined["regions"], joined["nation"], rtol=1e-9, atol=1e-9)


def test_transport_flows_match_the_regional_balances(regional_plan):
    flows = regional_plan.transport
    assert isinstance(flows, pd.DataFrame)
    assert {"link", "from_region", "to_region", "product", "year", "quantity"} <= set(flows)
    assert (flows["quantity"] >= 0).all()
    arriving = flows.groupby(["product", "to_region", "year"])["quantity"].sum()
    leaving = flows.groupby(["product", "from_region", "year"])["quantity"].sum()
    balances = regional_plan.regional_balances.set_index(["product", "region", "year"])
    for (product, region, year), quantity in arriving.items():
        assert balances.loc[(product, region, year), "transport_in"] == pytest.approx(
            quantity, rel=1e-9, abs=1e-9)
    for (product, region, year), quantity in leaving.items():
        assert balances.loc[(product, region, year), "transport_out"] == pytest.approx(
            quantity, rel=1e-9, abs=1e-9)
    # Unlimited links read as inf, not as a missing value.
    assert not flows["capacity"].isna().any()


def test_trade_and_currency_account(trade_plan):
    assert trade_plan.status == "optimal"
    trade = trade_plan.trade
    currency = trade_plan.currency
    assert isinstance(trade, pd.DataFrame) and isinstance(currency, pd.DataFrame)
    assert len(currency) == 5
    earned = (trade["export_price"].fillna(0) * trade["exports"]).groupby(trade["year"]).sum()
    spent = (trade["import_price"].fillna(0) * trade["imports"]).groupby(trade["year"]).sum()
    currency = currency.set_index("year")
    for year in currency.index:
        assert currency.loc[year, "earnings"] == pytest.approx(earned.get(year, 0.0), rel=1e-9,
                                                               abs=1e-9)
        assert currency.loc[year, "spending"] == pytest.approx(spent.get(year, 0.0), rel=1e-9,
                                                               abs=1e-9)
    debt_before = currency["debt"].shift(1, fill_value=0.0)
    reserves_before = currency["reserves"].shift(1, fill_value=0.0)  # initial_reserves = 0
    balance = (currency["earnings"] - currency["spending"] + currency["debt"] - debt_before
               - currency["interest"] + reserves_before - currency["reserves"])
    scale = np.maximum(1.0, currency["earnings"] + currency["spending"])
    assert (balance >= -1e-8 * scale).all()
    # The national balances carry the same flows as trade.csv.
    balances = trade_plan.balances.set_index(["product", "year"])
    for row in trade.itertuples():
        assert balances.loc[(row.product, row.year), "exports"] == pytest.approx(
            row.exports, rel=1e-9, abs=1e-9)


def test_tables_a_plan_does_not_have(regional_plan, trade_plan):
    assert regional_plan.trade is None  # no world prices
    assert trade_plan.regional_balances is None  # no regions
    with pytest.raises(ValueError):
        regional_plan.table("nonsense")


def test_read_back_plan_keeps_regional_prices(regional_plan, tmp_path):
    folder = tmp_path / "plan"
    regional_plan.write(str(folder))
    # The frame is the plan folder's file: pandas reading it from disk gives the same table.
    on_disk = pd.read_csv(folder / "regional_balances.csv", keep_default_na=False, na_values=[""])
    pd.testing.assert_frame_equal(on_disk, regional_plan.regional_balances)
    again = gosplan.read_plan(REGIONS, folder)
    pd.testing.assert_frame_equal(again.regional_balances, regional_plan.regional_balances)
    # explain reads the region's price, the dual regional_balances.csv holds.
    frame = regional_plan.regional_balances
    price = frame[(frame["product"] == "coal") & (frame["region"] == "urals")
                  & (frame["year"] == 1931)]["price"].iloc[0]
    explained = gosplan.explain(REGIONS, again, product="coal", year=1931, region="urals")
    document = explained.to_dict()
    assert document["region"] == "urals"
    assert document["limits"]["shadow_price"] == pytest.approx(price, rel=1e-11, abs=1e-15)


def test_session_construction_site_names_its_region():
    session = gosplan.planning_session(REGIONS)
    with pytest.raises(ValueError, match="region"):
        session.apply("construction_site", "new_steel_works", 2, detail="open_hearth")
    session.apply("construction_site", "new_steel_works", 2, detail="open_hearth", region="urals")
    assert session.solve().status == "optimal"
