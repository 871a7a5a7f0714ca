"""Priorities through extract_text(): ranked lists, "Priority N – X", inline lists, named ones.

Snippets are quoted from corpus/docs (Medway, Sevenoaks, Spelthorne, Thanet) or are look-alikes.
"""
from __future__ import annotations

import pytest

from extractor.core import extract_document
from extractor.read.text import parse_text

from .helpers import extract_checked

extract = extract_checked


def table(items: list[dict]) -> list[tuple]:
    return [(i["rank"], i["text"], i["themes"][0]) for i in items]


SEVENOAKS_RANKED = """Introduction and Background

2. The Strategic Assessment for Sevenoaks District was undertaken in December 2023. As a result, the seven priorities, as ranked in the Strategic Assessment, are:
 1. Serious and Acquisitive Crime including Crime Trends and Serious Violence Duty
 2. Anti-Social Behaviour including Environmental Crime
 3. Domestic Abuse including Stalking and Harassment
 4. Business Crime
 5. Safeguarding (including Mental Health, Prevent, Human Trafficking, Modern Slavery, CSE (Child Sexual Exploitation), Adults at Risk and Protecting Children
 6. Violence against Women and Girls
 7. Drugs and County Lines
3. The draft 2024-25 Sevenoaks District Community Safety Strategy and Action Plan is attached as Appendix A. It sets out the Community Safety Partnership's activity aimed at addressing the above priorities.
"""


def test_ranked_priority_list_after_as_ranked_lead_in():
    out = extract(SEVENOAKS_RANKED)
    assert table(out["priorities"]) == [
        (1, "Serious and Acquisitive Crime including Crime Trends and Serious Violence Duty", "acquisitive_crime"),
        (2, "Anti-Social Behaviour including Environmental Crime", "asb"),
        (3, "Domestic Abuse including Stalking and Harassment", "domestic_abuse"),
        (4, "Business Crime", "business_crime"),
        (5, "Safeguarding (including Mental Health, Prevent, Human Trafficking, Modern Slavery, CSE (Child "
            "Sexual Exploitation), Adults at Risk and Protecting Children", "safeguarding"),
        (6, "Violence against Women and Girls", "vawg"),
        (7, "Drugs and County Lines", "drugs"),
    ]


def test_priority_themes_list_every_theme_named_main_first():
    out = extract(SEVENOAKS_RANKED)
    themes = {i["rank"]: i["themes"] for i in out["priorities"]}
    assert themes[1][:2] == ["acquisitive_crime", "serious_violence"]
    assert {"safeguarding", "exploitation", "extremism"} <= set(themes[5])
    assert all(len(t) == len(set(t)) for t in themes.values())


def test_priority_quote_is_the_item_without_its_number():
    doc = parse_text(SEVENOAKS_RANKED)
    first = extract_document(doc)["priorities"][0]
    assert first["quote"] == "Serious and Acquisitive Crime including Crime Trends and Serious Violence Duty"
    assert doc.text[first["char_start"] - 3:first["char_start"]] == "1. "


def test_medway_five_priorities_for_the_responsible_authorities():
    out = extract(
        "2. Background\n\n"
        "- 2.2. The current Community Safety Partnership Plan, covering the years 2020 to 2024, was adopted at "
        "Full Council on 16 July 2020 and contains five priorities for the responsible authorities:\n"
        " - Strengthening communities\n"
        " - Supporting victims and tackling offenders of sexual and domestic abuse\n"
        " - Tackling the harm caused by substance misuse\n"
        " - Reducing re-offending\n"
        " - Commitment to safeguarding and improving services\n"
        "- 2.3. The Community Safety Plan for 2020 to 2024 is attached as appendix 2 to this report.\n")
    assert table(out["priorities"]) == [
        (1, "Strengthening communities", "community_cohesion"),
        (2, "Supporting victims and tackling offenders of sexual and domestic abuse", "domestic_abuse"),
        (3, "Tackling the harm caused by substance misuse", "drugs"),
        (4, "Reducing re-offending", "reoffending"),
        (5, "Commitment to safeguarding and improving services", "safeguarding"),
    ]


def test_corporate_priorities_are_not_partnership_priorities():
    # corpus/docs/thanet-...txt
    out = extract(
        "Corporate Priorities\n\n"
        "- This report relates to the following corporate priorities: -\n"
        "- To keep our district safe and clean: Our primary goal is to ensure the safety and cleanliness of "
        "our district.\n"
        "- To deliver the housing we need: We recognise the importance of housing within our community.\n"
        "- To protect our environment: Preserving our environment is a top priority.\n")
    assert out["priorities"] == []


def test_councils_numbered_corporate_priorities_are_not_extracted():
    out = extract("The Council's corporate priorities for 2024-2028 are:\n"
                  " 1. Community Resilience\n 2. Economic Growth\n 3. Protecting the Environment\n")
    assert out["priorities"] == []


def test_police_and_crime_commissioners_plan_objectives_are_not_extracted():
    out = extract("3.2 The Police and Crime Plan sets out the Commissioner's priorities:\n"
                  "- Fight crime and anti-social behaviour\n"
                  "- Tackle violence against women and girls\n")
    assert out["priorities"] == []


def test_corporate_priority_cover_sheet_row_is_not_a_priority():
    # corpus/docs/spelthorne-...txt cover sheet
    out = extract("Corporate Priority |\nCommunity Resilience Services\n|\nExempt |\nNo |\n")
    assert out["priorities"] == []


def test_priority_n_dash_lines_give_ranked_priorities():
    out = extract("Community Safety Priorities\n\n"
                  "Priority 1 – Anti-Social Behaviour\n"
                  "Priority 2 – Serious Violence\n"
                  "Priority 3 – Domestic Abuse\n\n"
                  "Each priority has a lead agency.\n")
    assert table(out["priorities"]) == [(1, "Anti-Social Behaviour", "asb"),
                                        (2, "Serious Violence", "serious_violence"),
                                        (3, "Domestic Abuse", "domestic_abuse")]
    assert all(i["rules"] == ["priority.numbered"] for i in extract_document(parse_text(
        "Priority 3 – Domestic Abuse\n"))["priorities"])


def test_priority_n_in_first_table_cell():
    out = extract("Partnership Priorities\n\n"
                  "Priority 1 – Violence Against Women and Girls\tLead: Kent Police\n"
                  "Priority 2 – Serious Violence\tLead: Community Safety Team\n")
    assert table(out["priorities"]) == [(1, "Violence Against Women and Girls", "vawg"),
                                        (2, "Serious Violence", "serious_violence")]


def test_inline_top_key_priorities_split_on_commas_and_last_and():
    out = extract("2.1 The strategic assessment was presented to the partnership in January. Following "
                  "consultation with partners, the top key priorities included: Anti-Social Behaviour "
                  "(including environmental crime, criminal damage and fly-tipping), Domestic Abuse and "
                  "Hate Crime. These will be reviewed annually.\n")
    assert table(out["priorities"]) == [
        (1, "Anti-Social Behaviour (including environmental crime, criminal damage and fly-tipping)", "asb"),
        (2, "Domestic Abuse", "domestic_abuse"),
        (3, "Hate Crime", "hate_crime"),
    ]


def test_inline_list_keeps_and_inside_a_theme_name():
    out = extract("4.2 The priorities for the partnership are Anti-Social Behaviour, Serious and Organised "
                  "Crime and Domestic Abuse.\n")
    assert [i["text"] for i in out["priorities"]] == ["Anti-Social Behaviour", "Serious and Organised Crime",
                                                      "Domestic Abuse"]


def test_inline_list_keeps_ampersand_inside_a_priority_name():
    out = extract("4.2 The partnership's priorities for 2024/25 are Anti-Social Behaviour, Drugs & Alcohol and "
                  "Domestic Abuse.\n")
    assert [i["text"] for i in out["priorities"]] == ["Anti-Social Behaviour", "Drugs & Alcohol", "Domestic Abuse"]


def test_hate_crime_named_as_one_of_the_key_priorities_has_no_rank():
    # corpus/docs/spelthorne-...txt, 9.1
    out = extract("9. Equality and Diversity\n"
                  "9.1 Equality and diversity forms the backbone of community safety operations with the team at "
                  "the forefront of liaison with organisations such as StopHateUK, True Vision and other charities "
                  "across the borough and County-Wide. The report seeks to mitigate factors by including Hate "
                  "Crime as one of the key priorities.\n")
    assert table(out["priorities"]) == [(None, "Hate Crime", "hate_crime")]


def test_the_asb_priority_in_running_text_is_a_named_priority():
    out = extract("3.4 Work under the ASB priority has included weekly action days in the town centre.\n")
    assert [(i["rank"], i["text"]) for i in out["priorities"]] == [(None, "ASB")]


def test_sub_bullets_under_a_priority_are_not_priorities():
    out = extract("Key Priorities\n\n"
                  "- Anti-social behaviour\n"
                  "- Domestic abuse\n"
                  "   - Stalking\n"
                  "   - Harassment\n"
                  "- Serious violence\n")
    texts = [i["text"] for i in out["priorities"]]
    assert "Stalking" not in texts and "Harassment" not in texts
    assert texts[:2] == ["Anti-social behaviour", "Domestic abuse"]


def test_priority_after_nested_sub_bullets_is_still_extracted():
    out = extract("Key Priorities\n\n"
                  "- Anti-social behaviour\n"
                  "- Domestic abuse\n"
                  "   - Stalking\n"
                  "   - Harassment\n"
                  "- Serious violence\n")
    assert [(i["rank"], i["text"]) for i in out["priorities"]] == [
        (1, "Anti-social behaviour"), (2, "Domestic abuse"), (3, "Serious violence")]


def test_lettered_list_after_partnership_lead_in():
    out = extract("3.4 The priorities for the SSSP are:\n"
                  "a) Anti-Social Behaviour\n"
                  "b) Hate Crime\n"
                  "c) Exploitation (including county lines and cuckooing)\n")
    assert table(out["priorities"]) == [(1, "Anti-Social Behaviour", "asb"), (2, "Hate Crime", "hate_crime"),
                                        (3, "Exploitation (including county lines and cuckooing)", "exploitation")]


def test_bulleted_priority_themes_separated_by_blank_lines():
    out = extract("The Partnership has agreed three priority themes for 2022-23:\n\n"
                  "• Reducing Violence Against Women and Girls\n\n"
                  "• Tackling Serious Violence and Organised Crime\n\n"
                  "• Protecting vulnerable people from exploitation\n")
    assert [(i["rank"], i["themes"][0]) for i in out["priorities"]] == [
        (1, "vawg"), (2, "serious_violence"), (3, "safeguarding")]


def test_action_plan_actions_are_not_priorities():
    out = extract("Key actions to deliver the priorities in 2024-25:\n"
                  "- Hold monthly ASB action days in the town centre\n"
                  "- Deliver two domestic abuse awareness campaigns\n")
    assert out["priorities"] == []


def test_priority_on_second_page_has_page_two():
    doc = parse_text("Summary\n\nThe report sets out the plan.\n\fPriority 1 – Anti-Social Behaviour\n")
    item = extract_document(doc)["priorities"][0]
    assert item["page"] == 2 and item["quote"] == "Anti-Social Behaviour"


def test_report_without_priorities_gives_none():
    out = extract("Financial implications\n\nThere are no direct financial implications arising from this "
                  "report.\n")
    assert out["priorities"] == []


def test_unbulleted_short_lines_under_a_priorities_heading_are_ranked():
    from extractor import extract_text
    out = extract_text("Community Safety Partnership Plan 2025-28\n\nOur Priorities\n\n"
                       "Tackling Anti-Social Behaviour\nReducing Serious Violence\nProtecting Vulnerable People\n\n"
                       "Each priority has an action plan.\n")
    assert [(p["rank"], p["text"], p["themes"][0]) for p in out["priorities"]] == [
        (1, "Tackling Anti-Social Behaviour", "asb"),
        (2, "Reducing Serious Violence", "serious_violence"),
        (3, "Protecting Vulnerable People", "safeguarding")]


def test_priority_numbers_written_as_words():
    from extractor import extract_text
    out = extract_text("Priority One: Domestic Abuse\n\nPriority Two - Serious Violence\n")
    assert [(p["rank"], p["text"]) for p in out["priorities"]] == [(1, "Domestic Abuse"), (2, "Serious Violence")]


def test_rows_of_a_priority_table_are_ranked_priorities():
    out = extract("Community Safety Plan 2024-27\n\nPriority\tLead agency\tMeasure\n"
                  "Tackling anti-social behaviour\tCouncil\tASB incidents\n"
                  "Reducing serious violence\tPolice\tViolent crime\n")
    assert [(p["rank"], p["text"], p["themes"][0]) for p in out["priorities"]] == [
        (1, "Tackling anti-social behaviour", "asb"), (2, "Reducing serious violence", "serious_violence")]


def test_performance_targets_around_focus_areas_are_not_priorities():
    out = extract("Increased targets will be implemented around focus areas including:\n\n"
                  "• Reducing the average wait from referral to treatment\n"
                  "• Number of people completing drug treatment\n")
    assert out["priorities"] == []


# --- forms written in prose and layouts other than a bulleted list (issue 11); look-alikes ---

def texts(text: str) -> list[tuple]:
    return [(i["rank"], i["text"]) for i in extract(text)["priorities"]]


def test_prose_list_with_words_between_priorities_and_the_verb():
    text = ("The Community Safety Officer said that the priorities outlined in the draft Safer Ashdale Plan "
            "included serious violence including knife crime, robbery and county lines, preventing extremism, "
            "hate crime and fraud. The plan goes out to consultation in May.\n")
    assert texts(text) == [(1, "serious violence including knife crime, robbery and county lines"),
                           (2, "preventing extremism"), (3, "hate crime"), (4, "fraud")]


def test_prose_list_of_gerunds_ends_before_along_with():
    text = ("The officer highlighted the two year priorities of the Community Safety Partnership (CSP) which "
            "included ending exploitation and tackling domestic and sexual abuse, along with the knowledge gap "
            "on substance misuse.\n")
    assert texts(text) == [(1, "ending exploitation"), (2, "tackling domestic and sexual abuse")]


def test_semicolon_separated_priorities():
    text = ("The Partnership's other priorities are Road Safety; Substance Misuse; Hate Crime; and Violence "
            "Against Women and Girls.\n")
    assert texts(text) == [(1, "Road Safety"), (2, "Substance Misuse"), (3, "Hate Crime"),
                           (4, "Violence Against Women and Girls")]


def test_someone_elses_priorities_in_prose_are_not_the_partnerships():
    text = ("The District Commander described the Constabulary priorities. Constabulary priorities were closely "
            "linked to the CSP plan with particular focus on youth violence, domestic abuse and drug misuse.\n")
    assert texts(text) == []


def test_title_lines_each_followed_by_their_bullets():
    text = ("The strategy will be delivered by the Safer Ashdale Community Safety Partnership.\n\n"
            "The three strategic priorities are:\n\nSafe and confident communities\n\n"
            "  • Tackling high volume crime and anti-social behaviour in hot spots.\n"
            "  • Reassuring residents through visible patrols and engagement.\n\n"
            "Reducing violence against women and girls\n\n"
            "  • Preventing gender-based violence and supporting victims.\n\n"
            "Tackling hate crime\n\n  • Encouraging reporting and supporting victims of hate crime.\n\n"
            "The partnership will report on progress each year.\n")
    assert texts(text) == [(1, "Safe and confident communities"), (2, "Reducing violence against women and girls"),
                           (3, "Tackling hate crime")]


def test_lists_split_by_owner_keep_the_partnerships_own():
    text = ("The strategic assessment moved some priorities to the county board. The split of priorities "
            "was now:\n\nCounty Board:\n- Criminal exploitation\n- Violence against women and girls\n\n"
            "CSP:\n- Anti-social behaviour\n- Hate crime\n- Theft and shoplifting\n\nMembers noted the plan.\n")
    assert texts(text) == [(1, "Anti-social behaviour"), (2, "Hate crime"), (3, "Theft and shoplifting")]


def test_a_list_of_highlights_against_priorities_is_not_a_list_of_priorities():
    text = ("GB raised some highlights against each of the 3 priority areas within the plan, as follows:\n\n"
            "· Priority 1 – Support Vulnerable Groups\n"
            "· The Problem Solving Group supports high demand vulnerable people.\n"
            "· Priority 2 – Tackle Thefts from Homes and Cars\n"
            "· Burglary fell by a fifth over the year.\n")
    assert texts(text) == [(1, "Support Vulnerable Groups"), (2, "Tackle Thefts from Homes and Cars")]


def test_a_priority_named_as_recognised():
    text = "The Group had recognised violence against women as high priority and will work with schools.\n"
    assert texts(text) == [(None, "violence against women")]


def test_priorities_after_a_colon_without_a_verb():
    text = ("The Board considered the five draft key priorities for the next three years: Domestic Abuse; "
            "Serious Violence; Anti-Social Behaviour; Hate Crime; Drugs and Alcohol.\n")
    assert texts(text) == [(1, "Domestic Abuse"), (2, "Serious Violence"), (3, "Anti-Social Behaviour"),
                           (4, "Hate Crime"), (5, "Drugs and Alcohol")]


def test_priority_one_two_run_together_on_one_line():
    text = ("Ashdale Community Safety Partnership Plan 2024-2027\n\n"
            "Priority One: Domestic Abuse  Priority Two: Serious Violence  Priority Three: Anti-Social Behaviour\n")
    assert texts(text) == [(1, "Domestic Abuse"), (2, "Serious Violence"), (3, "Anti-Social Behaviour")]


def test_priorities_in_a_contents_line():
    text = ("Ashdale Community Safety Partnership Plan 2024-2027\n\nContents\n"
            "7. Priority One: Domestic Abuse 8. Priority Two: Serious Violence 9. Priority Three: Hate Crime\n")
    assert texts(text) == [(1, "Domestic Abuse"), (2, "Serious Violence"), (3, "Hate Crime")]


def test_numbered_corporate_priorities_inside_a_long_paragraph_are_not_a_contents_line():
    text = ("The plan supports Priority 2: Levelling up Ashdale and Priority 4: Infrastructure for Communities "
            "within the Council's strategy. The plan details the commissioning of school places from good or "
            "better providers across the county over the next four years.\n")
    assert texts(text) == []


def test_a_list_of_priorities_and_challenges_is_not_the_priorities():
    text = ("The manager outlined priorities and challenges of the Safer Ashdale Partnership, which included:\n\n"
            "· Reduction in reported anti-social behaviour; increase in shoplifting.\n"
            "· Need for improved data and intelligence.\n")
    assert texts(text) == []


def test_a_numbered_priority_is_its_first_sentence():
    text = ("Priority 1 – reduce repeat offending by the most prolific offenders. The aim was to reduce overall "
            "crime by working with the Integrated Offender Management cohort and the probation service.\n\n"
            "Priority 2 – tackle domestic abuse. Reports are encouraged through partners.\n")
    assert texts(text) == [(1, "reduce repeat offending by the most prolific offenders."),
                           (2, "tackle domestic abuse.")]


def test_list_items_written_title_colon_description_give_their_titles():
    text = ("The strategic priorities for 2025-26 are:\n\n"
            "  • Anti-Social Behaviour (inc. criminal damage and fly-tipping): the partnership will continue to "
            "work together to reduce every kind of anti-social behaviour\n"
            "  • Prevent - The prevent priority focuses on using crime data to tackle emerging trends early\n")
    assert texts(text) == [(1, "Anti-Social Behaviour (inc. criminal damage and fly-tipping)"), (2, "Prevent")]


def test_title_lines_each_with_a_focusing_on_list():
    text = ("The Community Safety Strategy Priorities for 2025 – 2028 are:\nHealthier and Safer Communities\n"
            "Focusing on:\n- Domestic Abuse\n- Drug offences\nMake our Places Safer\nFocusing on:\n- Burglary\n"
            "- Vehicle crime\n")
    assert texts(text) == [(1, "Healthier and Safer Communities"), (2, "Make our Places Safer")]


def test_a_list_item_that_leads_in_to_items_flattened_to_its_level():
    text = ("The Committee were asked to note:\n\n· The principles that guided the partnership; and\n\n"
            "· The three priorities refreshed in September 2024, summarised as:\n\n"
            "· To help people to feel safe within their homes\n\n· To identify and protect vulnerable people\n\n"
            "· To support victims of domestic abuse\n")
    out = extract(text)
    assert [p["text"] for p in out["priorities"]] == ["To help people to feel safe within their homes",
                                                       "To identify and protect vulnerable people",
                                                       "To support victims of domestic abuse"]
    assert not any("feel safe" in r["text"] for r in out["recommendations"])


def test_semicolons_with_a_comma_inside_a_member_and_a_last_comma_and():
    text = ("The Community Safety Partnership's priorities for the year are to focus on tackling organised crime, "
            "gangs and drug trafficking; drive down anti-social behaviour and violent crime, including hate crime; "
            "and tackling domestic abuse.\n")
    assert texts(text) == [(1, "tackling organised crime, gangs and drug trafficking"),
                           (2, "drive down anti-social behaviour and violent crime, including hate crime"),
                           (3, "tackling domestic abuse")]


def test_priority_n_dash_name_list_items_give_the_name():
    text = ("The partnership retained its five priorities, namely:\n\n· Priority 1 - Keeping children and young "
            "people safe.\n· Priority 2 - Reducing offending.\n")
    assert texts(text) == [(1, "Keeping children and young people safe."), (2, "Reducing offending.")]


@pytest.mark.parametrize("sentence, expected", [
    ("The Safer Ashdale Partnership consulted on its five key areas (drug related crime, road safety, violent "
     "crime, cybercrime and communication).", ["drug related crime", "road safety", "violent crime", "cybercrime",
                                               "communication"]),
    ("The Community Safety Partnership held workshops and three overarching priorities had been identified - "
     "Perceptions and Feeling Safe, Tackling the Root Causes and Locality Working.",
     ["Perceptions and Feeling Safe", "Tackling the Root Causes", "Locality Working"]),
    ("The strategic themes of the Community Safety Plan covered a number of areas including protecting vulnerable "
     "victims, reducing the risk of reoffending and reducing crime in town centres and burglary hotspots.",
     ["protecting vulnerable victims", "reducing the risk of reoffending",
      "reducing crime in town centres and burglary hotspots"]),
    ("The Community Safety Partnership's key issues for action include keeping children safe, tackling violence "
     "against women and girls and combatting hate crime, radicalisation and extremism.",
     ["keeping children safe", "tackling violence against women and girls",
      "combatting hate crime, radicalisation and extremism"]),
])
def test_more_ways_prose_names_the_list(sentence, expected):
    assert [t for _, t in texts(sentence + "\n")] == expected


def test_what_residents_said_are_not_the_partnerships_priorities():
    text = ("You said\n\nThe survey told us that the most important community safety priorities for residents were:"
            "\n\n1. Violence – youth violence and violence against women and girls worried most people.\n"
            "2. Antisocial behaviour – from begging to noisy neighbours and drug dealing in stairwells.\n")
    assert texts(text) == []


@pytest.mark.parametrize("text, expected", [
    ("Safer Borough Partnership Strategy\nOur priorities\n1. Tackling domestic abuse\n2. Reducing anti-social "
     "behaviour\n3. Preventing serious violence\n",
     ["Tackling domestic abuse", "Reducing anti-social behaviour", "Preventing serious violence"]),
    ("Safer Communities Partnership\nPartnership priorities 2024-25\n- Reduce serious violence, including knife "
     "crime\n- Tackle anti-social behaviour\n",
     ["Reduce serious violence, including knife crime", "Tackle anti-social behaviour"]),
    ("Community Safety Partnership Plan 2021-24\nOur three priorities are:\nProtecting vulnerable people\n"
     "Tackling anti-social behaviour\nReducing serious violence\nBackground\nThe partnership was formed in 1998.\n",
     ["Protecting vulnerable people", "Tackling anti-social behaviour", "Reducing serious violence"]),
    ("Community Safety Partnership\nThe CSP's strategic priorities for 2022-2025 were agreed by the Board in March "
     "2022. They are: reducing reoffending; tackling domestic abuse; and keeping young people safe.\n",
     ["reducing reoffending", "tackling domestic abuse", "keeping young people safe"]),
    ("Community Safety Strategy\nOur priorities were set after consultation. The Partnership will prioritise: "
     "Violence against women and girls; Anti-social behaviour; Serious organised crime.\n",
     ["Violence against women and girls", "Anti-social behaviour", "Serious organised crime"]),
    ("CSP Plan\nPriorities\nPriority | Lead agency\nDomestic abuse | Council\nSerious violence | Police\n",
     ["Domestic abuse", "Serious violence"]),
])
def test_headings_plain_lines_follow_on_sentences_and_pipe_tables(text, expected):
    assert [p["text"] for p in extract(text)["priorities"]] == expected


@pytest.mark.parametrize("text", [
    "Community Safety Partnership update\nPolice priorities\n- Burglary\n- Drug dealing\n- Speeding\n",
    "Community Safety Partnership update\nWe will prioritise the most vulnerable residents and victims of crime.\n",
    "Community Safety Partnership update\nThe Constabulary's priorities for 2023 were set by the Chief Constable. "
    "They are: burglary, drug dealing and road safety.\n",
    "Community Safety Partnership update\nProgress against priorities\n• 120 referrals to the MARAC\n"
    "• Two new CCTV cameras installed\n",
])
def test_those_forms_stay_silent_on_lists_that_are_not_the_partnerships(text):
    assert extract(text)["priorities"] == []


@pytest.mark.parametrize("text, expected", [
    ("Safer Borough Partnership\nThe Plan set out the framework for Partnership priorities agreed in 2021. These sought "
     "to raise awareness of domestic abuse and the support available; reduce and prevent community harm; protect "
     "people from serious harm such as terrorism, organised crime and youth violence; and reduce reoffending.\n",
     ["raise awareness of domestic abuse and the support available", "reduce and prevent community harm",
      "protect people from serious harm such as terrorism, organised crime and youth violence", "reduce reoffending"]),
    ("Safer Town Partnership\nThe areas will reduce to three main priorities in the 2017-18 Partnership Plan. These will "
     "focus on reducing violent crime and the fear of it, improving community resilience, and tackling high harm "
     "and repeat anti-social behaviour.\n",
     ["reducing violent crime and the fear of it", "improving community resilience",
      "tackling high harm and repeat anti-social behaviour"]),
])
def test_a_follow_on_sentence_lists_the_priorities_the_last_one_named(text, expected):
    assert [p["text"] for p in extract(text)["priorities"]] == expected


def test_what_one_priority_covers_or_does_is_not_a_list_of_priorities():
    text = ("Safer Chelmsford Partnership\nThe main focus for this priority is:\n• gangs, drugs and county lines\n"
            "• knife crime\nThe Partnership is addressing this priority by:\n• holding intelligence sharing meetings\n"
            "• running awareness projects for young people\n")
    assert extract(text)["priorities"] == []


def test_a_bullet_stating_a_count_without_a_colon_does_not_take_its_parents_siblings():
    text = ("Community Safety Partnership update\nThe following was highlighted:\n"
            "· The plan was informed by the strategic assessment and its priorities were:\n"
            "o Reducing Violence and Abuse\no Protecting Vulnerable Communities\n"
            "o The Partnership also focused on two cross cutting themes, namely drugs and reoffending.\n"
            "· The plan was now in its last year and a new plan would be developed for 2024-27.\n")
    texts = [p["text"] for p in extract(text)["priorities"]]
    assert "The plan was now in its last year and a new plan would be developed for 2024-27." not in texts
    assert texts[:2] == ["Reducing Violence and Abuse", "Protecting Vulnerable Communities"]


def test_plain_lines_after_an_uncounted_colon_lead_in_are_not_taken():
    text = ("Community Safety Partnership update\nThe partnership's priorities were discussed at the meeting:\n"
            "Chair's welcome\nApologies for absence\nMinutes of the last meeting\n")
    assert extract(text)["priorities"] == []


@pytest.mark.parametrize("text, expected", [
    ("Rother Joint Action Group\nThe group oversaw the local priorities for Rother which in 2023/24 included: "
     "anti-social behaviour (ASB) and youth crime; drug related harm (including drug supply (both local and county "
     "lines) and the impact on the local community); and rural crime.\n",
     ["anti-social behaviour (ASB) and youth crime", "drug related harm (including drug supply (both local and "
      "county lines) and the impact on the local community)", "rural crime"]),
    ("Safer Hastings Partnership\nThe partnerships agreed their priorities for 2022/23. These include tackling "
     "street crime and anti-social behaviour, modern slavery, human trafficking, and domestic abuse.\n",
     ["tackling street crime and anti-social behaviour", "modern slavery", "human trafficking", "domestic abuse"]),
])
def test_a_bracketed_gloss_adds_no_length_and_one_gerund_does_not_make_a_gerund_list(text, expected):
    assert [p["text"] for p in extract(text)["priorities"]] == expected


def test_a_counted_lead_in_over_that_many_titles_each_with_its_paragraph():
    text = ("Community Safety Partnership\nThe Coordinator updated the panel on the three priorities contained in "
            "the annual CSP plan 2018/19.\nChild sexual exploitation\nThis priority was linked to drug supply and "
            "youth violence issues with a review being undertaken in the last year.\nHomelessness and begging\n"
            "The rough sleeping cohort in the town had been reduced although there were still underlying issues.\n"
            "Acquisitive crime\nAcquisitive crime had reduced in the north of the town during the year and more "
            "in the town centre.\n")
    assert [p["text"] for p in extract(text)["priorities"]] == [
        "Child sexual exploitation", "Homelessness and begging", "Acquisitive crime"]


def test_counted_priorities_after_a_dash_and_priority_areas_is_not_a_verb():
    text = ("- The Safer Northfield Partnership focused on three priorities - Reducing Violence and Abuse; "
            "Reducing Acquisitive Crime; and Protecting Vulnerable Communities. Alongside these two cross "
            "cutting themes had an impact across the priority areas, namely reducing drug misuse and "
            "reducing reoffending.\n")
    assert texts(text) == [(1, "Reducing Violence and Abuse"), (2, "Reducing Acquisitive Crime"),
                           (3, "Protecting Vulnerable Communities")]


def test_words_and_commas_between_priorities_and_were_and_an_including_inside_a_gerund_list():
    text = ("The five priorities for 2025-2028, which had been reviewed and refreshed, were: Tackling Drug "
            "Misuse, Tackling Anti Social Behaviour, including criminal damage, Reducing Violent Crime, "
            "Improving the Street Scene and Improving confidence in the Partnership.\n")
    assert texts(text) == [(1, "Tackling Drug Misuse"), (2, "Tackling Anti Social Behaviour, including criminal damage"),
                           (3, "Reducing Violent Crime"), (4, "Improving the Street Scene"),
                           (5, "Improving confidence in the Partnership")]


def test_the_following_priority_areas_with_a_full_stop_lead_into_a_list():
    text = ("Community Safety Partnership update\n"
            "1.2 The Community Safety Partnership has agreed the following priority areas for delivery.\n"
            "\u00b7 Anti-social behaviour in town centres\n\u00b7 Domestic abuse\n\u00b7 Serious violence\n"
            "1.3 Membership of the partnership was reviewed in January.\n")
    assert [(p["rank"], p["text"]) for p in extract(text)["priorities"]] == [
        (1, "Anti-social behaviour in town centres"), (2, "Domestic abuse"), (3, "Serious violence")]


def test_a_full_stop_lead_that_names_no_priorities_leads_nothing():
    text = ("Community Safety Partnership update\n"
            "1.2 The partnership has agreed the following changes to its membership.\n"
            "\u00b7 Probation joins the board\n\u00b7 The fire service chairs the delivery group\n")
    assert extract(text)["priorities"] == []


def test_a_counted_prose_list_one_short_splits_its_last_and():
    text = ("Minutes\nCommunity Safety Partnership Plan\nThe CSP had agreed four priorities \u2013 domestic abuse; "
            "substance misuse and drug supply; hate crime and anti-social behaviour, actions for which had been agreed "
            "for the year.\n")
    assert [p["text"] for p in extract(text)["priorities"]] == [
        "domestic abuse", "substance misuse and drug supply", "hate crime", "anti-social behaviour"]


def test_a_counted_prose_list_that_matches_its_count_keeps_and_inside_a_member():
    text = ("Minutes\nCommunity Safety Partnership Plan\nThe CSP had agreed three priorities \u2013 domestic abuse; "
            "substance misuse and drug supply; anti-social behaviour.\n")
    assert [p["text"] for p in extract(text)["priorities"]] == [
        "domestic abuse", "substance misuse and drug supply", "anti-social behaviour"]


@pytest.mark.parametrize("line, expected", [
    ("Priority: Reduce anti-social behaviour", ["Reduce anti-social behaviour"]),
    ("Priority: High", []),
    ("Priority: Improve the website", []),
])
def test_a_priority_label_heading_a_plan_page(line, expected):
    text = f"Safer Borough Partnership plan\n{line}\nWhat you told us\nResidents told us what matters to them.\n"
    assert [p["text"] for p in extract(text)["priorities"]] == expected


def test_a_cover_sheets_priority_row():
    text = "| Priority | Tackle serious violence |\n| Lead partner | Police |\nWhy is this a priority?\nViolence rose.\n"
    assert [p["text"] for p in extract(text)["priorities"]] == ["Tackle serious violence"]


def test_a_police_ward_panels_priorities_are_not_the_partnerships():
    text = ("Minutes of the Local Committee\nCommunity safety update\nSgt Smith provided an update on the 3 ward "
            "priorities in the area and community safety relating to:\n\u2022 Burglary\n\u2022 Theft of motor vehicles\n"
            "\u2022 Anti-social behaviour\n")
    assert extract(text)["priorities"] == []


def test_topics_considered_beside_the_priorities_are_not_priorities():
    text = ("Priorities\nThe following Community Safety Partnership priority areas should be:\n- Violent Crime\n"
            "- Domestic Abuse\nIn addition to these main priority areas, the following crosscutting topics will also be "
            "considered when tackling the named priorities. This is due to the links between them\n- Substance Misuse\n"
            "- Mental Health\n")
    assert [p["text"] for p in extract(text)["priorities"]] == ["Violent Crime", "Domestic Abuse"]


def test_indented_lines_after_a_colon_lead_are_the_list_their_bullets_lost():
    text = ("Minutes\nCommunity Safety Partnership\nThe CSP produced a Community Safety Plan which set out the priorities as:\n"
            "         Tackling violence against women and girls\n         Reducing anti-social behaviour\n"
            "         Safer town centres\n"
            "The officer then explained how crimes could be reported.\n")
    assert [p["text"] for p in extract(text)["priorities"]] == [
        "Tackling violence against women and girls", "Reducing anti-social behaviour", "Safer town centres"]


def test_unindented_lines_after_an_uncounted_colon_lead_are_not_a_list():
    text = ("Minutes\nCommunity Safety Partnership\nThe CSP produced a Community Safety Plan which set out the priorities as:\n"
            "Tackling violence against women and girls\nMembers asked about funding\n")
    assert extract(text)["priorities"] == []


def test_a_discussion_lead_and_a_lone_bullet_are_not_titled_priorities():
    text = ("Community Safety Plan and Priorities (2013/14)\n"
            "The Executive Member introduced a report on the three priorities identified by the Community Safety "
            "Partnership.\nIn response to the report Members discussed the following issues in detail:-\n"
            "\u00b7 Whether the term night time economy was appropriate.\n\u00b7\n")
    assert extract(text)["priorities"] == []


def test_gerunds_that_the_next_sentence_calls_the_priorities():
    text = ("The Community Safety Strategy sets out how the partnership will tackle crime by reducing violence and "
            "exploitation, supporting vulnerable people, and tackling anti-social behaviour. The strategy covers 2022 "
            "to 2025 and says how partners will deliver these priorities.\n")
    assert [p["text"] for p in extract(text)["priorities"]] == [
        "reducing violence and exploitation", "supporting vulnerable people", "tackling anti-social behaviour"]


def test_the_plan_will_focus_on_a_list():
    text = ("Agenda item\nCommunity Safety Partnership annual report\nTo support the partnership's view that the "
            "2024-25 plan will focus on protecting vulnerable people, tackling domestic abuse and reducing "
            "anti-social behaviour.\n")
    assert [p["text"] for p in extract(text)["priorities"]] == [
        "protecting vulnerable people", "tackling domestic abuse", "reducing anti-social behaviour"]


def test_feedback_on_priorities_is_not_a_list_of_priorities():
    text = ("Agenda item\nCrime and Disorder Strategic Assessment\nFeedback on priorities:\n"
            "\u2022 Violence against women and girls priorities were agreed but need aligning with the manifesto.\n"
            "\u2022 Explore changing the robbery priority to focus on offender management.\n")
    assert extract(text)["priorities"] == []


def test_a_counted_list_after_a_semicolon():
    text = ("Minutes\nCommunity Safety Partnership update\n\u00b7 The CSP had 3 key priorities; anti-social behaviour, "
            "burglary and home security, and business and rural crime.\n")
    assert [p["text"] for p in extract(text)["priorities"]] == [
        "anti-social behaviour", "burglary and home security", "business and rural crime"]


def test_bullets_flattened_into_one_line_after_a_priorities_lead():
    text = ("Minutes of the Community Committee\nCommunity safety\n"
            "The Committee were informed that the partnership had agreed the priorities for 2017/18 with a focus on "
            "the key themes below: \u00b7 Anti-Social Behaviour \u00b7 Domestic Violence and Abuse \u00b7 Hate Crime\n"
            "Members were informed that the Neighbourhood Policing Team Priorities were as follows:- \u00b7 Burglary "
            "\u00b7 Theft from Motor Vehicles\n")
    assert [p["text"] for p in extract(text)["priorities"]] == [
        "Anti-Social Behaviour", "Domestic Violence and Abuse", "Hate Crime"]


SURVEY = """Safer Northdale Partnership: community safety survey 2025

What you told us

Analysis of the survey results found some key themes:

- Residents felt there should be more police patrols in the evening.
- Respondents wanted anti-social behaviour in the parks tackled sooner.
- People felt less safe in the town centre after dark.
"""


def test_themes_of_a_survey_are_what_residents_said_not_the_partnerships_priorities():
    assert extract(SURVEY)["priorities"] == []


def test_the_partnerships_priorities_set_after_a_survey_are_still_its_own():
    text = ("Safer Northdale Partnership plan 2025-28\n\nFollowing the survey, the partnership's priorities are:\n\n"
            "- Anti-social behaviour\n- Domestic abuse\n- Serious violence\n")
    assert [p["text"] for p in extract(text)["priorities"]] == ["Anti-social behaviour", "Domestic abuse", "Serious violence"]


TITLED = """Safer Northdale Partnership Plan

Our priority areas are:

Reduce anti-social behaviour

Anti-social behaviour was the issue residents raised most often in the survey of the town centre and estates.

Patrols, youth work and the new community protection notices will be used together across the district.

Tackle domestic abuse

Reports of domestic abuse rose last year and the partnership will fund two more independent advocates for victims.

Cut serious violence

The serious violence duty asks the partners to work together on a local strategy to prevent violent crime.
"""


def test_titles_each_described_by_one_or_more_paragraphs_are_the_list():
    assert texts(TITLED) == [(1, "Reduce anti-social behaviour"), (2, "Tackle domestic abuse"), (3, "Cut serious violence")]


def test_what_the_partnership_focuses_its_work_on_is_its_priorities():
    text = ("Minutes of the Community Safety Scrutiny Committee\n\nAs the Partnership focused its work on anti-social "
            "behaviour, domestic abuse, road safety and serious violence, it was agreed that the Committee would "
            "receive briefings on each.\n")
    assert texts(text) == [(1, "anti-social behaviour"), (2, "domestic abuse"), (3, "road safety"), (4, "serious violence")]


def test_a_partnership_focusing_on_one_thing_names_no_list():
    text = "The Partnership focused on reducing anti-social behaviour in the town centre this year.\n"
    assert texts(text) == []


def test_title_rows_of_a_cover_sheet_under_a_priorities_lead_in_are_the_priorities():
    """'Robbery | Lead officer |' rows, each over its bullets, as 'Robbery: Lead officer' lines would be."""
    page = ("RESOLVED:\n\n1. That the three priorities of the community safety strategy as set out below be adopted:\n\n"
            "{a}\n\n· Increase patrols in the town centre on Friday and Saturday nights.\n\n"
            "{b}\n\n· Target repeat offenders with the youth offending team.\n\n"
            "{c}\n\n· Fund a domestic abuse advocate for the borough.\n")
    rows = dict(a="Night-time violence | Key actions |", b="Robbery | Key actions |", c="Domestic abuse | Key actions |")
    lines = {k: v[:-2].replace(" | ", ": ") for k, v in rows.items()}
    for form in (rows, lines):
        out = extract(page.format(**form))["priorities"]
        assert [p["text"].split(":")[0].split(" |")[0] for p in out] == ["Night-time violence", "Robbery", "Domestic abuse"]


def test_a_partnership_saying_which_issues_it_will_focus_on_lists_its_priorities():
    text = ("Our plan\n\nThis year the Ourtown CSP has agreed to focus on four key issues:\n\n"
            "- Domestic abuse\n- Shoplifting\n- Youth violence\n- Drug dealing\n")
    assert [p["text"] for p in extract_checked(text)["priorities"]] == [
        "Domestic abuse", "Shoplifting", "Youth violence", "Drug dealing"]


def test_issues_someone_else_will_focus_on_are_not_the_partnerships_priorities():
    text = ("Budget scrutiny\n\nThe finance team will focus on four key issues:\n\n"
            "- Domestic abuse\n- Shoplifting\n- Youth violence\n- Drug dealing\n")
    assert extract_checked(text)["priorities"] == []


def test_what_a_survey_found_about_priorities_is_not_the_partnerships_priorities():
    text = ("Consultation results\n\nThe partnership's priorities for 2025-26 are:\n\n"
            "- 95% agreed that Reducing the harm of drug misuse should be a partnership priority\n"
            "- 91% agreed that Tackling anti-social behaviour should be a partnership priority\n")
    assert extract_checked(text)["priorities"] == []
