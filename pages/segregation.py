"""Segregation: how segregated is the municipality, is it changing, and is our work where the need is?"""

import streamlit as st

import texts
from analysis import reach, segregation
from analysis.segregation import INDEX_KEYS
from charts import format as fmt
from charts import segregation as seg_charts
from ui import cache, context, tables, widgets

ctx = context.page()
min_n = ctx.settings.min_n
st.title(f"Segregation: {ctx.info.kommun_namn} {ctx.year}")

left, right = st.columns([2, 1])
group = left.radio(
    "Grupp",
    list(texts.SEGREGATION_GROUPS),
    format_func=texts.SEGREGATION_GROUPS.get,
    horizontal=True,
    key="seg_grupp",
)
b = right.number_input(
    "Atkinsons parameter b",
    min_value=0.05,
    max_value=0.95,
    value=0.5,
    step=0.05,
    key="seg_b",
    help="Vikten mellan stadsdelar där gruppen är under- (b nära 0) eller överrepresenterad (b nära 1).",
)

indices = cache.segregation_indices(ctx.path, group, "folkmangd", float(b))
this_year = indices[indices["ar"] == ctx.year]
first_year = int(indices["ar"].iloc[0])
changes = segregation.change_since_first_year(indices, ctx.year)
if this_year.empty:
    st.info(f"Det finns ingen statistik för {ctx.year}.")
else:
    row = this_year.iloc[0]
    cols = st.columns(4)
    for col, key in zip(cols, ("dissimilarity", "entropy", "isolation", "atkinson"), strict=True):
        change = None if changes is None else changes[key]
        col.metric(
            texts.INDEX_LABELS[key],
            fmt.number(row[key], 2),
            # Streamlit reads the sign from an ASCII "-" (not the typographic minus) to pick the arrow.
            delta=None if change is None else f"{fmt.number(change, 2).replace('−', '-')} sedan {first_year}",
            delta_color="inverse",
            help=texts.INDEX_EXPLANATIONS[key],
        )
    st.caption(
        f"Gruppens andel av alla invånare {ctx.year}: {fmt.percent(row['group_share'])} "
        f"({fmt.number(row['group_total'])} av {fmt.number(row['population'])}, {int(row['areas'])} stadsdelar). "
        "Isoleringen ska jämföras med den andelen."
    )

st.subheader("Indexen över tid")
widgets.chart(
    seg_charts.indices_over_time(indices, labels={k: texts.INDEX_LABELS[k] for k in INDEX_KEYS}),
    alt=f"Linjediagram: segregationsindex för {texts.SEGREGATION_GROUPS[group].lower()} per år.",
    table=tables.indices_table(indices),
)
st.caption(texts.INDEX_CHANGE_HELP)
with st.expander("Vad betyder indexen?"):
    for key in INDEX_KEYS:
        st.markdown(f"**{texts.INDEX_LABELS[key]}.** {texts.INDEX_EXPLANATIONS[key]}")

st.subheader("Områdestyper")
distribution = cache.area_type_distribution(ctx.path, ctx.settings.index_mean, ctx.settings.index_sd, min_n)
widgets.chart(
    seg_charts.area_type_shares(distribution, labels=texts.AREA_TYPE_LABELS),
    alt="Staplade staplar: andel av invånarna per SCB-områdestyp och år.",
    table=tables.area_type_table(distribution),
)
st.caption(
    "SCB:s publicerade områdestyp används där den finns; övriga år beräknas typen med SCB:s metod "
    f"(rikets medelvärde {fmt.number(ctx.settings.index_mean, 1)}, standardavvikelse "
    f"{fmt.number(ctx.settings.index_sd, 1)})."
)

st.subheader("Når vårt arbete dit behovet är?")
names = widgets.district_names(ctx.data.districts)
programme_names = widgets.programme_names(ctx.data.programmes)
targeting = cache.targeting_ratio(ctx.path, ctx.year, ctx.settings)
row = targeting.iloc[0]
cols = st.columns([1, 2])
if bool(row["suppressed"]):
    cols[0].metric(f"Träffsäkerhet {ctx.year}", texts.suppressed(min_n))
else:
    cols[0].metric(
        f"Träffsäkerhet {ctx.year}",
        fmt.number(row["kvot"], 1),
        help="Andelen deltagare som bor i områden av typ 1–2 delat med andelen av invånarna 20–64 år som bor där.",
    )
    cols[0].caption(
        f"95 % intervall {fmt.number(row['ci_low'], 1)}–{fmt.number(row['ci_high'], 1)}, n = {fmt.number(row['n'])}"
    )
cols[1].markdown(reach.targeting_text(row["kvot"], row["ci_low"], row["ci_high"], min_n=min_n))
cols[1].caption(
    f"{fmt.percent(row['andel_deltagare'])} av deltagarna {ctx.year} bor i områden av typ 1–2, där "
    f"{fmt.percent(row['andel_befolkning'])} av invånarna 20–64 år bor. Över 1 betyder att insatserna "
    "är överrepresenterade där utmaningarna är störst."
)
by_programme = cache.targeting_ratio(ctx.path, ctx.year, ctx.settings, ("insats",))
with st.expander("Träffsäkerhet per insats"):
    st.dataframe(tables.targeting_table(by_programme, programme_names, min_n), hide_index=True, width="stretch")

reach_programme = st.selectbox(
    "Insats",
    ["alla", *programme_names],
    format_func=lambda c: "Alla insatser" if c == "alla" else programme_names[c],
    key="seg_insats",
)
reach_table = cache.reach_by_district(
    ctx.path, ctx.year, ctx.settings, None if reach_programme == "alla" else reach_programme
)
widgets.chart(
    seg_charts.reach_by_district(reach_table, names=names, labels=texts.AREA_TYPE_LABELS, min_n=min_n),
    alt=f"Stapeldiagram: deltagare per 1 000 invånare 20–64 år per stadsdel {ctx.year}, färgade efter områdestyp.",
    table=tables.reach_table(reach_table, names, min_n),
)
st.caption(
    "Deltagare (personer med en insats som pågick någon gång under året) per 1 000 invånare 20–64 år, "
    "med 95 % intervall (exakt Poisson)."
)
