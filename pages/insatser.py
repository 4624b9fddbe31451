"""Insatser: per programme, enrolled → finished → outcome; groups reached; the job programme's roles."""

import streamlit as st

import texts
from charts import format as fmt
from charts import funnel as funnel_charts
from charts import outcomes as outcome_charts
from ui import cache, context, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
names = widgets.programme_names(ctx.data.programmes)

st.title(f"Insatser: {ctx.info.kommun_namn} {ctx.year}")

period = st.radio(
    "Period",
    ["year", "all"],
    format_func=lambda p: f"Året {ctx.year}" if p == "year" else "Alla år",
    horizontal=True,
    key="insatser_period",
)
year = ctx.year if period == "year" else None
period_text = str(ctx.year) if year else "alla år"

st.subheader(f"Från inskrivning till utfall, {period_text}")
funnel = cache.programme_funnel(ctx.path, year, min_n)
widgets.chart(
    outcome_charts.funnel(funnel, labels=names, min_n=min_n),
    alt=f"Stapeldiagram per insats: inskrivna, avslutade och till arbete, praktik eller studier, {period_text}.",
    table=tables.funnel_table(funnel, names, min_n),
)
st.caption("Inskrivna räknas efter startår, avslutade och utfall efter slutår. " + texts.OUTCOME_HELP)

st.subheader("Vilka når insatserna, och med vilket utfall?")
programme = st.selectbox("Insats", list(names), format_func=names.get, key="insatser_insats")
group_by, group_labels = widgets.group_picker(ctx, ["malgrupp", "kon", "stadsdel_kod"], "insatser_grupp")
table, programme_rate = cache.group_outcomes(ctx.path, group_by, programme, year, min_n)
ref = None if programme_rate is None else {"name": names[programme], "rate": programme_rate}
if table.empty:
    st.info(f"{names[programme]} har inga avslutade insatser {period_text}.")
else:
    widgets.chart(
        outcome_charts.rate_bars(
            table,
            category=group_by,
            labels=group_labels,
            min_n=min_n,
            axis_title="Andel till arbete, praktik eller studier",
            reference=ref,
        ),
        alt=f"Stapeldiagram: andel positivt utfall i {names[programme]} per grupp, {period_text}, med 95 % intervall.",
        table=tables.rate_table(table, {group_by: "Grupp"}, {group_by: group_labels}, min_n),
    )

extension = cache.extension_rates(ctx.path, ("roll",), min_n)
if not extension.empty:
    st.subheader("Anställning för nyanlända: roller och förlängning")
    total = cache.extension_rates(ctx.path, (), min_n)
    if len(total) and not bool(total["suppressed"].iloc[0]):
        row = total.iloc[0]
        st.metric(
            "Erbjudna förlängning, alla år",
            fmt.percent(row["rate"]),
            help="Andel av sexmånadersanställningarna med besked (ja eller nej) där personen erbjöds förlängning.",
        )
        st.caption(f"95 % intervall {fmt.interval(row['ci_low'], row['ci_high'])}, n = {fmt.number(row['n'])}")
    widgets.chart(
        outcome_charts.rate_bars(
            extension,
            category="roll",
            labels=texts.ROLE_LABELS,
            min_n=min_n,
            axis_title="Andel erbjudna förlängning",
        ),
        alt="Stapeldiagram: andel erbjudna förlängning per roll, alla år, med 95 % intervall.",
        table=tables.rate_table(
            extension, {"roll": "Roll"}, {"roll": texts.ROLE_LABELS}, min_n, rate_title="Andel förlängda"
        ),
    )

st.subheader("Varaktiga utfall")
horizon = st.radio(
    "Uppföljning",
    ["6m", "12m"],
    format_func={"6m": "6 månader", "12m": "12 månader"}.get,
    horizontal=True,
    key="insatser_uppfoljning",
)
lasting_by, lasting_labels = widgets.group_picker(
    ctx, ["insats", "malgrupp", "stadsdel_kod"], "insatser_varaktig_grupp"
)
lasting = cache.lasting_outcomes(ctx.path, (lasting_by,), horizon, min_n)
widgets.chart(
    outcome_charts.rate_bars(
        lasting.rename(columns={"andel": "rate"}),
        category=lasting_by,
        labels=lasting_labels,
        min_n=min_n,
        axis_title="Andel i arbete eller studier",
    ),
    alt=f"Stapeldiagram: andel i arbete eller studier {horizon.replace('m', ' månader')} efter avslutad insats, per insats.",
    table=tables.lasting_table(lasting.rename(columns={lasting_by: "insats"}), lasting_labels, min_n),
)
st.caption(
    "Bland avslutade insatser med en uppföljning: andel i arbete eller studier vid uppföljningen (praktik räknas "
    "inte som varaktigt). Insatser som avslutades för nyligen för att ha följts upp ingår inte; "
    "”ej uppföljda” är de som borde ha följts upp men saknar uppgift. Alla år."
)
st.markdown("**Tid från start till arbete, praktik eller studier** (alla år)")
st.dataframe(
    tables.time_table(cache.time_to_outcome(ctx.path, ("insats",), min_n), names, min_n),
    hide_index=True,
    width="stretch",
)

st.subheader(f"Stadsdelarna jämförda med kommunen, {period_text}")
funnel_programme = st.selectbox(
    "Insats i trattdiagrammet",
    ["alla", *names],
    format_func=lambda c: "Alla insatser" if c == "alla" else names[c],
    key="insatser_tratt",
)
funnel_table, funnel_limits = cache.district_funnel(
    ctx.path, year, None if funnel_programme == "alla" else funnel_programme, min_n
)
district_names = widgets.district_names(ctx.data.districts)
if funnel_table.empty:
    st.info("Inga avslutade insatser under perioden.")
else:
    widgets.chart(
        funnel_charts.funnel_plot(funnel_table, funnel_limits, names=district_names, min_n=min_n),
        alt="Trattdiagram: stadsdelarnas andel positivt utfall mot antal avslutade, med kontrollgränser kring kommunens andel.",
        table=tables.funnel_flags(funnel_table, district_names, min_n),
    )
    phi = float(funnel_table["phi"].iloc[0])
    widened = float(funnel_table["phi_used"].iloc[0]) > 1
    st.caption(
        "En stadsdel utanför gränserna skiljer sig från kommunen mer än slumpen förklarar (exakta "
        "binomialgränser, Spiegelhalter 2005); inom gränserna finns ingen säker skillnad, oavsett rangordning. "
        + (
            f"Stadsdelarna varierar mer än slumpen ensam ger (överspridning φ = {fmt.number(phi, 2)}), så "
            "gränserna är vidgade."
            if widened
            else f"Ingen tydlig överspridning (φ = {fmt.number(phi, 2)}); gränserna är inte vidgade."
        )
    )
