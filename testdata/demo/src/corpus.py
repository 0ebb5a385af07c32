"""The Helios Énergie demo corpus: people, habits and the genuine documents.

Everything here is deterministic (a fixed random seed). build.py turns each
spec into real files with LibreOffice, ImageMagick and ExifTool, then makes
the forgeries from some of them.

Times are local wall-clock times in Europe/Paris, written without an offset
("2016-03-07T14:02:11"), as LibreOffice itself stores them in ODF meta.xml.
"""

import datetime as dt
import random
import unicodedata

ORG = "Helios Énergie"
ORG_LONG = "Helios Énergie SCIC SA à capital variable"
ADDRESS = "27 quai Perrache, 69002 Lyon"
FOOTER = f"{ORG_LONG} — {ADDRESS} — contact@helios-energie.coop"
LEAK_DATE = dt.date(2017, 5, 5)
START = dt.date(2016, 1, 4)
END = dt.date(2017, 5, 4)

# name, role, hours (start, end) on working days, working weekdays (0=Mon),
# active period, chance of an evening save, chance of a weekend save.
PEOPLE = {
    "claire": dict(name="Claire Rousseau", role="Directrice générale",
                   hours=(8.5, 19.0), days=(0, 1, 2, 3, 4), since=START, until=END,
                   evening=0.06, weekend=0.05),
    "julien": dict(name="Julien Marchand", role="Responsable administratif et financier",
                   hours=(8.0, 17.75), days=(0, 1, 2, 3, 4), since=START, until=END,
                   evening=0.05, weekend=0.02),
    "sophie": dict(name="Sophie Lefèvre", role="Cheffe de projets",
                   hours=(9.0, 18.5), days=(0, 1, 2, 3, 4), since=START, until=END,
                   evening=0.04, weekend=0.03),
    "thomas": dict(name="Thomas Girard", role="Technicien d'exploitation",
                   hours=(7.75, 16.5), days=(0, 1, 2, 3, 4), since=START, until=END,
                   evening=0.0, weekend=0.04),
    "camille": dict(name="Camille Fontaine", role="Chargée de vie coopérative et communication",
                    hours=(9.0, 17.0), days=(0, 1, 3, 4), since=START, until=END,
                    evening=0.02, weekend=0.0),
    "antoine": dict(name="Antoine Bernard", role="Juriste (temps partiel, mardi et jeudi)",
                    hours=(9.0, 17.5), days=(1, 3), since=START, until=END,
                    evening=0.0, weekend=0.0),
    "lea": dict(name="Léa Morel", role="Stagiaire (mars–août 2016)",
                hours=(9.0, 17.5), days=(0, 1, 2, 3, 4), since=dt.date(2016, 3, 1),
                until=dt.date(2016, 8, 31), evening=0.0, weekend=0.0),
    "nicolas": dict(name="Nicolas Perrin", role="Chargé d'études (depuis janvier 2017)",
                    hours=(9.0, 18.0), days=(0, 1, 2, 3, 4), since=dt.date(2017, 1, 9),
                    until=END, evening=0.03, weekend=0.0),
}

SITES = [
    dict(key="hautlyonnais", name="Parc éolien du Haut-Lyonnais", commune="Saint-Symphorien-sur-Coise",
         kind="éolien", power="4 éoliennes de 2 MW", gps=(45.6321, 4.4563), scene="wind"),
    dict(key="jeanmoulin", name="Centrale solaire du gymnase Jean-Moulin", commune="Vaulx-en-Velin",
         kind="solaire", power="250 kWc en toiture", gps=(45.7793, 4.9187), scene="solar"),
    dict(key="croixrousse", name="Toitures solaires de la Croix-Rousse", commune="Lyon 4e",
         kind="solaire", power="90 kWc sur trois toitures", gps=(45.7747, 4.8302), scene="solar"),
    dict(key="brevenne", name="Micro-centrale de la Brévenne", commune="Sain-Bel",
         kind="hydraulique", power="180 kW (en projet)", gps=(45.8119, 4.5967), scene="hydro"),
]
PROJECTS = ["Micro-centrale de la Brévenne", "Projet éolien des Monts du Beaujolais",
            "Extension solaire Jean-Moulin (tranche 2)", "Ombrières photovoltaïques de Tarare"]
SUPPLIERS = ["Rhône Maintenance Éolienne SAS", "Soleil d'Azergues SARL", "Cabinet Terranova",
             "Électricité Vallée du Gier", "Hydro-Conseil Rhône-Alpes", "Imprimerie des Canuts"]
MEMBERS = ["Martine Giraud", "Paul Vidal", "Hélène Mercier", "Jacques Dumas", "Nadia Benali",
           "Pierre Faure", "Isabelle Roche", "Michel Barbier", "Anne Chevalier", "Karim Haddad",
           "Sylvie Perret", "Luc Bonnet", "Émilie Renaud", "François Garnier", "Chantal Morin",
           "Yves Lacroix", "Sandrine Colin", "Gérard Brun", "Aurélie Meunier", "Olivier Rey"]
TEMPLATES = {
    "courrier": dict(title="Courrier Helios", href="file:///mnt/partage/Mod%C3%A8les/Courrier%20Helios.ott",
                     date="2015-11-20T10:02:00"),
    "note": dict(title="Note interne Helios", href="file:///mnt/partage/Mod%C3%A8les/Note%20interne%20Helios.ott",
                 date="2015-11-20T10:35:00"),
    "cr": dict(title="Compte rendu Helios", href="file:///mnt/partage/Mod%C3%A8les/Compte%20rendu%20Helios.ott",
               date="2015-12-02T15:12:00"),
}

MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
             "septembre", "octobre", "novembre", "décembre"]

R = random.Random(20170505)

# French public holidays in the period (nobody at the cooperative works then).
HOLIDAYS = {dt.date(2016, 1, 1), dt.date(2016, 3, 28), dt.date(2016, 5, 5), dt.date(2016, 5, 16),
            dt.date(2016, 7, 14), dt.date(2016, 8, 15), dt.date(2016, 11, 1), dt.date(2016, 11, 11),
            dt.date(2016, 12, 26), dt.date(2017, 4, 17), dt.date(2017, 5, 1)}


def ascii_slug(s):
    s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()
    for ch in "'()":
        s = s.replace(ch, "")
    return s.replace(" ", "_")


def fr_date(d):
    return f"{d.day} {MONTHS_FR[d.month - 1]} {d.year}"


def fmt_eur(v):
    s = f"{v:,.2f}".replace(",", " ").replace(".", ",")
    return s + " €"


def iso(t):
    return t.strftime("%Y-%m-%dT%H:%M:%S")


# --- time habits ------------------------------------------------------------

def at(day, hour_float, r=R):
    h = int(hour_float)
    m = int((hour_float - h) * 60)
    return dt.datetime(day.year, day.month, day.day, h, m, r.randrange(60))


def work_time(who, day, r=R, allow_off=True):
    """A plausible save time for person `who` on `day` (moved to a working day
    unless the person sometimes works on weekends)."""
    p = PEOPLE[who]
    day = max(day, p["since"])
    if day > p["until"]:
        day = p["until"]
    weekend = allow_off and r.random() < p["weekend"]
    if weekend:
        while day.weekday() < 5:
            day += dt.timedelta(days=1)
        if day > END:
            day -= dt.timedelta(days=7)
        hour = r.uniform(9.5, 12.5)
        return at(day, hour, r)
    while day.weekday() not in p["days"] or day in HOLIDAYS:
        day += dt.timedelta(days=1)
    while day > END or day.weekday() not in p["days"] or day in HOLIDAYS:
        day -= dt.timedelta(days=1)
    if allow_off and r.random() < p["evening"]:
        hour = r.uniform(p["hours"][1], min(p["hours"][1] + 2.0, 21.5))
    else:
        hour = r.uniform(p["hours"][0], p["hours"][1] - 0.1)
    return at(day, hour, r)


def rand_day(start=START, end=END, r=R):
    return start + dt.timedelta(days=r.randrange((end - start).days + 1))


def later(t, who, min_minutes, max_days, r=R):
    """A later save time by `who`, between min_minutes and max_days after t."""
    if max_days == 0 or r.random() < 0.35:
        cand = t + dt.timedelta(minutes=r.randrange(min_minutes, min_minutes + 150))
        p = PEOPLE[who]
        if cand.date() == t.date() and cand.hour + cand.minute / 60 < p["hours"][1] + 0.3 \
                and (cand.weekday() in p["days"] or t.weekday() >= 5):
            return cand
    d = t.date() + dt.timedelta(days=r.randrange(1, max(2, max_days + 1)))
    res = work_time(who, d, r)
    if res <= t:
        res = t + dt.timedelta(minutes=min_minutes + r.randrange(60))
    return res


def life(who_author, created_day, editor=None, max_days=10, r=R):
    """created, modified, cycles, duration (seconds) of one document."""
    c = work_time(who_author, created_day, r)
    ed = editor or who_author
    m = later(c, ed, 12, max_days, r)
    if m.date() > END:
        m = c + dt.timedelta(minutes=r.randrange(25, 70))
    span = (m - c).total_seconds()
    cycles = 1 + (0 if span < 3600 else r.randrange(1, 9))
    if ed != who_author:
        cycles += 1
    duration = min(span * 0.8, r.randrange(600, 2400) * cycles)
    return c, m, cycles, int(duration)


# --- content ------------------------------------------------------------------

def sentences(bank, n, r=R):
    return r.sample(bank, n)


TEAM_TOPICS = [
    "Le relevé de production du mois est conforme aux prévisions, à l'exception de l'éolienne E3 arrêtée deux jours pour maintenance.",
    "La campagne de souscription progresse : 38 nouveaux sociétaires depuis la dernière réunion.",
    "Le bureau d'études a transmis la version provisoire de l'étude d'impact de la Brévenne ; relecture par Sophie.",
    "Le contrat de maintenance des onduleurs de Jean-Moulin arrive à échéance ; Antoine prépare l'avenant.",
    "Préparation de l'assemblée générale : convocations à envoyer trois semaines avant la date retenue.",
    "Le site internet doit être mis à jour avec les chiffres de production annuels.",
    "Rappel : les notes de frais du mois sont à remettre à Julien avant le 5.",
    "La Métropole propose une rencontre sur les toitures publiques disponibles en 2017.",
    "Le raccordement de la toiture n°3 de la Croix-Rousse est prévu sous six semaines.",
    "Thomas signale une usure anormale des balais de la génératrice de l'éolienne E2.",
    "Point sur la trésorerie : le versement du solde de la subvention régionale est attendu.",
    "Organisation d'une visite du parc éolien pour les sociétaires un samedi de printemps.",
    "Le nouveau règlement intérieur de la coopérative sera présenté au conseil d'administration.",
    "L'enquête publique du projet des Monts du Beaujolais devrait s'ouvrir à l'automne.",
    "Mise à jour du registre des sociétaires et envoi des attestations fiscales.",
]
DECISIONS = [
    "Valider le devis de nettoyage des panneaux (Soleil d'Azergues).",
    "Relancer la Région pour le versement du solde.",
    "Préparer la lettre d'information trimestrielle.",
    "Planifier la visite de contrôle annuelle des mâts.",
    "Mettre à jour le tableau de suivi des souscriptions.",
    "Demander deux devis supplémentaires pour la passe à poissons.",
    "Fixer la date du prochain conseil d'administration.",
    "Transmettre les relevés de production à l'acheteur d'électricité.",
]
NOTE_TOPICS = [
    ("Organisation des congés d'été", [
        "Afin d'assurer la continuité de l'exploitation, au moins une personne de l'équipe technique doit rester joignable pendant la période estivale.",
        "Les demandes de congés sont à transmettre avant le 15 mai ; les arbitrages seront faits en réunion d'équipe.",
        "Le standard sera renvoyé vers le portable d'astreinte du 8 au 19 août."]),
    ("Procédure d'astreinte du parc éolien", [
        "En cas d'alarme du système de supervision, le technicien d'astreinte rappelle le poste de conduite dans l'heure.",
        "Toute intervention en nacelle se fait à deux, après consignation de la machine.",
        "Le registre d'astreinte est tenu à jour dans le classeur partagé."]),
    ("Politique de remboursement des frais", [
        "Les déplacements se font en priorité en train ou avec le véhicule de la coopérative.",
        "Les repas sont remboursés sur justificatif dans la limite de 20 € par personne.",
        "Les notes de frais sont validées par la direction puis réglées en fin de mois."]),
    ("Préparation de l'assemblée générale", [
        "L'assemblée générale ordinaire se tiendra à la Maison des associations de Lyon 2e.",
        "Le rapport de gestion et les comptes annuels seront adressés aux sociétaires quinze jours avant.",
        "Chaque collège de sociétaires désignera un rapporteur."]),
    ("Utilisation du véhicule de service", [
        "Le véhicule de service est réservé via l'agenda partagé.",
        "Le plein est fait au retour de chaque mission de plus de 150 km.",
        "Tout incident doit être signalé le jour même à Julien Marchand."]),
    ("Sécurité informatique", [
        "Les mots de passe de messagerie doivent être changés tous les six mois.",
        "Les documents de travail sont enregistrés sur le serveur de fichiers, non sur les postes.",
        "Ne jamais ouvrir une pièce jointe inattendue, même d'un expéditeur connu."]),
    ("Communication avec la presse", [
        "Seule la directrice générale s'exprime au nom de la coopérative auprès des médias.",
        "Les chiffres de production communiqués sont ceux validés au dernier conseil d'administration.",
        "Les demandes de journalistes sont transmises à Camille Fontaine."]),
    ("Télétravail", [
        "Chaque salarié peut télétravailler un jour par semaine, hors période de clôture des comptes.",
        "Les jours de télétravail sont indiqués dans l'agenda partagé.",
        "La coopérative fournit un ordinateur portable avec LibreOffice et la messagerie."]),
    ("Archivage des contrats", [
        "Les contrats signés sont archivés au format PDF/A sur le serveur.",
        "L'original papier est conservé dans l'armoire forte du bureau de la direction.",
        "Antoine Bernard tient le registre des contrats et de leurs échéances."]),
]
VISIT_OBS = [
    "Les fixations des modules sont en bon état ; deux serre-câbles à remplacer.",
    "Dépôt de poussière important sur la rangée sud ; nettoyage à prévoir avant l'été.",
    "L'onduleur n°2 affiche un défaut d'isolement intermittent, à surveiller.",
    "Le chemin d'accès au mât E4 est raviné après les pluies ; prévenir la commune.",
    "Aucune anomalie visible sur les pales ; contrôle par drone recommandé l'an prochain.",
    "Le compteur de production est cohérent avec les relevés de la supervision.",
    "La clôture du poste de livraison a été endommagée ; réparation provisoire effectuée.",
    "Niveau d'huile du multiplicateur de l'éolienne E2 légèrement bas ; appoint réalisé.",
    "Les relevés de débit de la Brévenne confirment l'étiage marqué en août.",
    "Présence d'un nid sur la nacelle E1 ; intervention reportée après la période de nidification.",
]
CONTRACT_KINDS = [
    ("Contrat de maintenance", "le prestataire assure la maintenance préventive et corrective des installations"),
    ("Convention de mise à disposition de toiture", "la commune met à disposition de la coopérative la toiture désignée ci-après"),
    ("Contrat de prestation d'études", "le prestataire réalise l'étude de faisabilité décrite en annexe"),
    ("Avenant au contrat de maintenance", "les parties conviennent de prolonger le contrat initial de douze mois"),
]


def team_minutes(d, r):
    day = d["created_t"].date()
    present = r.sample([PEOPLE[k]["name"] for k in ("claire", "julien", "sophie", "thomas", "camille")], 4)
    if d["author"] == "lea":
        present.append("Léa Morel")
    if day >= PEOPLE["nicolas"]["since"]:
        present.append("Nicolas Perrin")
    body = [("title", f"Réunion d'équipe du {fr_date(day)}"),
            ("p", "Présents : " + ", ".join(present) + "."),
            ("h1", "Points abordés")]
    body += [("p", s) for s in sentences(TEAM_TOPICS, r.randrange(3, 6), r)]
    body += [("h1", "Décisions et actions"), ("list", sentences(DECISIONS, r.randrange(2, 4), r))]
    body += [("small", f"Compte rendu rédigé par {d['author_name']}.")]
    return body


def make_cr(r, day=None, author=None):
    day = day or rand_day(r=r)
    author = author or ("lea" if PEOPLE["lea"]["since"] <= day <= PEOPLE["lea"]["until"] and r.random() < 0.5
                        else "camille")
    editor = "claire" if r.random() < 0.4 else author
    d = dict(app="writer", kind="cr_equipe", author=author, editor=editor,
             template=TEMPLATES["cr"] if r.random() < 0.8 else None, company=ORG if r.random() < 0.8 else None)
    c, m, cyc, dur = life(author, day, editor, 3, r)
    d.update(created_t=c, modified_t=m, cycles=cyc, duration=dur)
    d["title"] = "Compte rendu réunion d'équipe" if r.random() < 0.5 else ""
    d["stem"] = f"CR_reunion_equipe_{c:%Y-%m-%d}"
    d["formats"] = ["odt"] if r.random() < 0.55 else ["docx"]
    d["body_fn"] = team_minutes
    return d


def make_note(r, idx):
    topic, lines = NOTE_TOPICS[idx % len(NOTE_TOPICS)]
    day = rand_day(r=r)
    d = dict(app="writer", kind="note_interne", author="claire", editor="claire",
             template=TEMPLATES["note"], company=ORG)
    c, m, cyc, dur = life("claire", day, None, 6, r)
    d.update(created_t=c, modified_t=m, cycles=cyc, duration=dur)
    d["title"] = f"Note interne — {topic}"
    d["subject"] = "Note interne" if r.random() < 0.3 else ""
    slug = topic.lower().replace("'", " ").replace("é", "e").replace("è", "e").replace("à", "a")
    slug = "_".join(w for w in slug.split() if len(w) > 2)[:40]
    d["stem"] = f"Note_{slug}"
    d["formats"] = ["odt"] + (["pdf"] if r.random() < 0.4 else [])
    d["body_fn"] = lambda d, r, topic=topic, lines=lines: (
        [("title", "Note interne"), ("p", f"Objet : {topic}"),
         ("p", f"De : {PEOPLE['claire']['name']}, {PEOPLE['claire']['role']}"),
         ("p", "À : toute l'équipe")] + [("p", s) for s in lines] +
        [("right", f"Lyon, le {fr_date(d['created_t'].date())}")])
    d["footer"] = FOOTER
    return d


def make_visit(r, site, day=None):
    day = day or rand_day(r=r)
    editor = "sophie" if r.random() < 0.5 else "thomas"
    d = dict(app="writer", kind="rapport_visite", author="thomas", editor=editor, template=None,
             company=ORG if r.random() < 0.5 else None)
    c, m, cyc, dur = life("thomas", day, editor, 5, r)
    d.update(created_t=c, modified_t=m, cycles=cyc, duration=dur)
    d["title"] = f"Rapport de visite — {site['name']}" if r.random() < 0.6 else ""
    d["stem"] = f"Rapport_visite_{site['key']}_{c:%Y%m%d}"
    d["formats"] = ["docx"] + (["pdf"] if r.random() < 0.5 else [])
    d["site"] = site

    def body(d, r):
        s = d["site"]
        return ([("title", "Rapport de visite"),
                 ("table", [["Site", "Commune", "Puissance", "Date de visite"],
                            [s["name"], s["commune"], s["power"], fr_date(d["created_t"].date())]]),
                 ("h1", "Observations")] + [("p", o) for o in sentences(VISIT_OBS, r.randrange(3, 5), r)] +
                [("h1", "Suites à donner"), ("list", sentences(DECISIONS, 2, r)),
                 ("small", f"Visite réalisée par {PEOPLE['thomas']['name']}. Photos jointes sur le serveur.")])
    d["body_fn"] = body
    return d


def make_letter(r, season):
    day = {"hiver": dt.date(2016, 1, 20), "printemps": dt.date(2016, 4, 12),
           "automne": dt.date(2016, 10, 4), "hiver 2017": dt.date(2017, 1, 17),
           "printemps 2017": dt.date(2017, 4, 4)}[season] + dt.timedelta(days=r.randrange(0, 6))
    d = dict(app="writer", kind="lettre_societaires", author="camille", editor="claire",
             template=TEMPLATES["courrier"], company=ORG)
    c, m, cyc, dur = life("camille", day, "claire", 8, r)
    d.update(created_t=c, modified_t=m, cycles=cyc, duration=dur)
    d["title"] = f"Lettre aux sociétaires — {season}"
    d["stem"] = "Lettre_societaires_" + season.replace(" ", "_")
    d["formats"] = ["docx", "pdf"]
    prod = r.randrange(4100, 6900)

    def body(d, r, prod=prod):
        return [("right", f"Lyon, le {fr_date(d['modified_t'].date())}"),
                ("p", "Chères sociétaires, chers sociétaires,"),
                ("p", f"Nos installations ont produit {prod} MWh depuis notre dernière lettre, "
                      "soit la consommation annuelle d'environ " + str(prod * 1000 // 2500) + " foyers."),
                ("p", r.choice(TEAM_TOPICS)),
                ("p", "Nous vous remercions de votre confiance et vous donnons rendez-vous à notre prochaine assemblée générale."),
                ("p", "Pour le conseil d'administration,"),
                ("p", f"{PEOPLE['claire']['name']}, {PEOPLE['claire']['role']}")]
    d["body_fn"] = body
    d["footer"] = FOOTER
    return d


def make_contract(r, idx, day=None):
    kind, clause = CONTRACT_KINDS[idx % len(CONTRACT_KINDS)]
    other = SUPPLIERS[idx % len(SUPPLIERS)] if "toiture" not in kind else r.choice(
        ["Ville de Vaulx-en-Velin", "Ville de Lyon", "Commune de Tarare"])
    day = day or rand_day(r=r)
    d = dict(app="writer", kind="contrat", author="antoine", editor="antoine", template=None, company=ORG)
    c, m, cyc, dur = life("antoine", day, None, 14, r)
    d.update(created_t=c, modified_t=m, cycles=cyc, duration=dur)
    d["title"] = f"{kind} — {other}"
    d["stem"] = ascii_slug(("Contrat_" if "Contrat" in kind else "Avenant_" if "Avenant" in kind else "Convention_")
                           + other.split()[0 if "Ville" not in other and "Commune" not in other else -1] + f"_{c:%Y}")
    d["formats"] = ["odt", "pdfa"] if idx in (1, 4) else ["odt", "pdf", "signed"]
    amount = r.randrange(18, 240) * 100
    d["amount"] = amount
    d["other"] = other

    def body(d, r, kind=kind, clause=clause, other=other, amount=amount):
        return [("title", kind),
                ("p", f"Entre {ORG_LONG}, {ADDRESS}, représentée par {PEOPLE['claire']['name']}, "
                      f"{PEOPLE['claire']['role']}, ci-après « la coopérative »,"),
                ("p", f"et {other}, ci-après « le cocontractant »,"),
                ("h1", "Article 1 — Objet"),
                ("p", f"Par le présent acte, {clause}."),
                ("h1", "Article 2 — Durée"),
                ("p", "Le présent contrat prend effet à sa signature pour une durée de trois ans."),
                ("h1", "Article 3 — Conditions financières"),
                ("p", f"Le montant annuel est fixé à {fmt_eur(amount)} hors taxes, payable par trimestre échu."),
                ("h1", "Article 4 — Résiliation"),
                ("p", "Chaque partie peut résilier le contrat par lettre recommandée avec un préavis de trois mois."),
                ("p", f"Fait à Lyon, le {fr_date(d['modified_t'].date())}, en deux exemplaires.")]
    d["body_fn"] = body
    d["footer"] = FOOTER
    return d


def make_project(r, idx):
    name = PROJECTS[idx % len(PROJECTS)]
    day = rand_day(r=r)
    author = "nicolas" if day >= PEOPLE["nicolas"]["since"] and r.random() < 0.6 else "sophie"
    editor = "sophie" if r.random() < 0.6 else "claire"
    d = dict(app="writer", kind="fiche_projet", author=author, editor=editor, template=None,
             company=ORG if r.random() < 0.3 else None)
    c, m, cyc, dur = life(author, day, editor, 15, r)
    d.update(created_t=c, modified_t=m, cycles=cyc, duration=dur)
    d["title"] = f"Fiche projet — {name}" if r.random() < 0.7 else ""
    d["stem"] = ascii_slug("Fiche_projet_" + "_".join(w for w in name.split("(")[0].split() if len(w) > 3)[:32]
                           + f"_v{r.randrange(1, 5)}")
    d["formats"] = ["docx"]
    capex = r.randrange(4, 90) * 10000

    def body(d, r, name=name, capex=capex):
        return [("title", name),
                ("table", [["Rubrique", "Valeur"],
                           ["Porteur", PEOPLE[d["author"]]["name"]],
                           ["Investissement estimé", fmt_eur(capex)],
                           ["Production attendue", f"{capex // 1300} MWh/an"],
                           ["Stade", r.choice(["Pré-faisabilité", "Études", "Autorisations", "Financement"])]]),
                ("h1", "Contexte"),
                ("p", "Le projet répond à la demande des habitants de disposer d'une énergie produite localement et gérée collectivement."),
                ("h1", "Prochaines étapes"),
                ("list", sentences(DECISIONS, 3, r))]
    d["body_fn"] = body
    return d


def make_odj(r, day):
    d = dict(app="writer", kind="odj_ca", author="camille", editor="claire" if r.random() < 0.5 else "camille",
             template=TEMPLATES["cr"], company=ORG)
    c, m, cyc, dur = life("camille", day, d["editor"], 4, r)
    d.update(created_t=c, modified_t=m, cycles=cyc, duration=dur)
    meeting = c.date() + dt.timedelta(days=14)
    d["title"] = f"Conseil d'administration du {fr_date(meeting)} — ordre du jour"
    d["stem"] = f"CA_{meeting:%Y-%m-%d}_ordre_du_jour"
    d["formats"] = ["odt", "pdf"] if r.random() < 0.6 else ["odt"]

    def body(d, r, meeting=meeting):
        items = ["Approbation du procès-verbal de la séance précédente", "Point sur la production et la trésorerie",
                 r.choice(["Validation du budget prévisionnel", "Projet de la Brévenne : décision d'engagement",
                           "Préparation de l'assemblée générale", "Adhésion au réseau Énergie Partagée"]),
                 "Admission de nouveaux sociétaires", "Questions diverses"]
        return [("title", "Conseil d'administration"),
                ("p", f"Séance du {fr_date(meeting)} à 18 h 30, {ADDRESS}."),
                ("h1", "Ordre du jour"), ("list", items),
                ("small", "Les documents préparatoires sont disponibles sur demande auprès de Camille Fontaine.")]
    d["body_fn"] = body
    d["footer"] = FOOTER
    return d


def make_grant(r, english=False):
    day = rand_day(dt.date(2016, 2, 1), dt.date(2017, 3, 1), r)
    d = dict(app="writer", kind="subvention", author="sophie", editor="sophie", template=None, company=ORG,
             language="en-GB" if english else "fr-FR")
    c, m, cyc, dur = life("sophie", day, None, 20, r)
    d.update(created_t=c, modified_t=m, cycles=cyc + 3, duration=dur)
    if english:
        d["title"] = "Application — Community Energy Europe small grants"
        d["stem"] = "Application_CEE_small_grants"
        d["body_fn"] = lambda d, r: [
            ("title", "Community Energy Europe — small grants programme"),
            ("h1", "Applicant"), ("p", f"{ORG_LONG}, a citizen-owned renewable energy cooperative in Lyon, France."),
            ("h1", "Project summary"),
            ("p", "We request support to train volunteer members to run the monitoring of our three solar roofs and to share the method with other cooperatives."),
            ("h1", "Budget"), ("table", [["Item", "Amount (EUR)"], ["Training", "6,500"], ["Monitoring kits", "4,200"], ["Total", "10,700"]])]
    else:
        d["title"] = "Demande de subvention — Région Auvergne-Rhône-Alpes"
        d["stem"] = f"Demande_subvention_Region_{c:%Y}"
        d["body_fn"] = lambda d, r: [
            ("title", "Demande de subvention"),
            ("p", f"Porteur : {ORG_LONG}"),
            ("h1", "Objet de la demande"),
            ("p", "Financement des études de faisabilité de la micro-centrale de la Brévenne (débit, impact piscicole, raccordement)."),
            ("h1", "Plan de financement"),
            ("table", [["Poste", "Montant"], ["Études hydrologiques", "18 000 €"], ["Étude piscicole", "9 500 €"],
                       ["Raccordement (pré-étude)", "4 200 €"], ["Total", "31 700 €"]]),
            ("p", "La coopérative sollicite une aide de 50 % du montant total.")]
    d["formats"] = ["docx"]
    return d


def make_order(r, n):
    day = rand_day(r=r)
    d = dict(app="writer", kind="bon_commande", author="julien", editor="julien", template=TEMPLATES["courrier"],
             company=ORG)
    c, m, cyc, dur = life("julien", day, None, 0, r)
    d.update(created_t=c, modified_t=m, cycles=min(cyc, 2), duration=min(dur, 900))
    sup = r.choice(SUPPLIERS)
    d["title"] = f"Bon de commande {c:%Y}-{n:03d}"
    d["stem"] = f"BC_{c:%Y}-{n:03d}"
    d["formats"] = ["odt", "pdf"]
    qty = r.randrange(1, 6)
    unit = r.randrange(80, 2400)

    def body(d, r, sup=sup, qty=qty, unit=unit):
        return [("title", d["title"]), ("p", f"Fournisseur : {sup}"),
                ("table", [["Désignation", "Quantité", "Prix unitaire HT", "Total HT"],
                           [r.choice(["Nettoyage panneaux", "Pièces détachées onduleur", "Impression lettre sociétaires",
                                      "Relevés débitmétriques", "Location nacelle"]), str(qty), fmt_eur(unit), fmt_eur(qty * unit)]]),
                ("p", f"Total TTC : {fmt_eur(qty * unit * 1.2)}"),
                ("p", f"Commande passée par {PEOPLE['julien']['name']}, le {fr_date(d['created_t'].date())}.")]
    d["body_fn"] = body
    d["footer"] = FOOTER
    return d


# --- spreadsheets -------------------------------------------------------------

def make_budget(r, year, version):
    day = dt.date(year - 1, 11, 14) + dt.timedelta(days=r.randrange(0, 40) + 20 * (version - 1))
    day = max(day, START + dt.timedelta(days=9 * (version - 1)))
    if day > END:
        day = END - dt.timedelta(days=3)
    editor = "claire" if version > 1 and r.random() < 0.5 else "julien"
    d = dict(app="calc", kind="budget", author="julien", editor=editor, template=None, company=ORG)
    c, m, cyc, dur = life("julien", day, editor, 12, r)
    d.update(created_t=c, modified_t=m, cycles=cyc + 2, duration=dur)
    d["title"] = f"Budget prévisionnel {year}"
    d["stem"] = f"Budget_previsionnel_{year}_v{version}"
    d["formats"] = ["xlsx"] + (["pdf"] if r.random() < 0.5 else [])
    lines = [("Ventes d'électricité", r.randrange(880, 1150) * 1000), ("Subventions d'exploitation", r.randrange(20, 60) * 1000),
             ("Maintenance", -r.randrange(150, 260) * 1000), ("Loyers et redevances", -r.randrange(40, 80) * 1000),
             ("Salaires et charges", -r.randrange(310, 380) * 1000), ("Assurances", -r.randrange(25, 40) * 1000),
             ("Frais financiers", -r.randrange(90, 140) * 1000), ("Amortissements", -r.randrange(260, 320) * 1000)]
    rows = [[f"Budget prévisionnel {year}", None, None], [], ["Poste", "Montant (€)", "Commentaire"]]
    for name, v in lines:
        rows.append([name, ("€", v), ""])
    total = sum(v for _, v in lines)
    rows.append(["Résultat", ("=", f"SUM([.B4:.B{3 + len(lines)}])", total), ""])
    d["sheets"] = [("Budget", rows, [6.5, 3.2, 6.0])]
    return d


def make_production(r, site, year, quarter=None):
    months = list(range(1, 13)) if quarter is None else list(range(3 * quarter - 2, 3 * quarter + 1))
    last = months[-1]
    day = dt.date(year, last, 28) + dt.timedelta(days=r.randrange(4, 10))
    if day > END:
        day = END - dt.timedelta(days=r.randrange(1, 8))
    editor = "julien" if r.random() < 0.3 else "thomas"
    d = dict(app="calc", kind="suivi_production", author="thomas", editor=editor, template=None,
             company=ORG if r.random() < 0.5 else None)
    created_day = dt.date(year, months[0], 2) + dt.timedelta(days=r.randrange(0, 5))
    c = work_time("thomas", created_day, r)
    m = later(c, editor, 30, 3, r)
    m = max(m, work_time(editor, day, r))
    d.update(created_t=c, modified_t=m, cycles=len(months) + r.randrange(0, 4),
             duration=len(months) * r.randrange(300, 1500))
    d["title"] = "" if r.random() < 0.6 else f"Suivi de production {site['name']}"
    d["stem"] = f"Production_{site['key']}_{year}" + (f"_T{quarter}" if quarter else "")
    d["formats"] = ["xlsx"] if r.random() < 0.75 else ["ods"]
    base = {"éolien": 1500, "solaire": 22, "hydraulique": 60}[site["kind"]]
    rows = [[f"Production {site['name']} — {year}", None, None], [], ["Mois", "Production (MWh)", "Disponibilité (%)"]]
    for mo in months:
        if dt.date(year, mo, 1) > END:
            break
        seasonal = 1.0 + (0.4 if site["kind"] == "solaire" and 4 <= mo <= 8 else 0) + (0.3 if site["kind"] == "éolien" and mo in (1, 2, 11, 12) else 0)
        rows.append([MONTHS_FR[mo - 1], ("€", round(base * seasonal * r.uniform(0.7, 1.2), 1)),
                     ("€", round(r.uniform(91, 99.6), 1))])
    n = len(rows)
    total = sum(row[1][1] for row in rows[3:])
    rows.append(["Total", ("=", f"SUM([.B4:.B{n}])", round(total, 1)), None])
    d["sheets"] = [("Production", rows, [3.5, 4.0, 4.0])]
    return d


def make_treasury(r, year, quarter):
    day = dt.date(year, 3 * quarter - 2, 1) - dt.timedelta(days=r.randrange(3, 12))
    if day < START:
        day = START
    d = dict(app="calc", kind="tresorerie", author="julien", editor="julien", template=None, company=ORG)
    c, m, cyc, dur = life("julien", day, None, 25, r)
    d.update(created_t=c, modified_t=m, cycles=cyc + 4, duration=dur)
    d["title"] = f"Plan de trésorerie T{quarter} {year}"
    d["stem"] = f"Tresorerie_{year}_T{quarter}"
    d["formats"] = ["xlsx"] if r.random() < 0.6 else ["ods"]
    rows = [[f"Plan de trésorerie — T{quarter} {year}", None, None, None], [],
            ["Mois", "Encaissements (€)", "Décaissements (€)", "Solde (€)"]]
    solde = r.randrange(150, 320) * 1000
    for i, mo in enumerate(range(3 * quarter - 2, 3 * quarter + 1)):
        enc = r.randrange(60, 130) * 1000
        dec = r.randrange(55, 120) * 1000
        solde += enc - dec
        rr = 4 + i
        rows.append([MONTHS_FR[mo - 1], ("€", enc), ("€", dec),
                     ("=", f"[.B{rr}]-[.C{rr}]" + (f"+[.D{rr - 1}]" if i else f"+{solde - enc + dec}"), solde)])
    d["sheets"] = [("Trésorerie", rows, [3.2, 4.2, 4.2, 3.6])]
    return d


def make_expenses(r, who, month_day):
    d = dict(app="calc", kind="note_frais", author=who, editor="julien", template=None, company=None)
    c = work_time(who, month_day, r)
    m = later(c, "julien", 30, 6, r)
    d.update(created_t=c, modified_t=m, cycles=2 + r.randrange(0, 3), duration=r.randrange(400, 1800))
    name = PEOPLE[who]["name"]
    d["title"] = ""
    d["stem"] = ascii_slug(f"NDF_{name.split()[0]}_{month_day:%Y-%m}")
    d["formats"] = ["ods"] if r.random() < 0.4 else ["xlsx"]
    items = [("Train Lyon – Saint-Étienne", 22.5), ("Repas de travail", 18.9), ("Parking Part-Dieu", 14.0),
             ("Péage A89", 8.6), ("Carburant véhicule de service", 61.3), ("Fournitures de bureau", 27.45),
             ("Train Lyon – Paris", 89.0), ("Repas réunion publique", 46.2), ("Taxi gare", 17.8)]
    chosen = r.sample(items, r.randrange(2, 6))
    rows = [[f"Note de frais — {name}", None, None], [f"{MONTHS_FR[month_day.month - 1]} {month_day.year}", None, None], [],
            ["Date", "Objet", "Montant (€)"]]
    total = 0
    for label, v in chosen:
        day = month_day.replace(day=r.randrange(1, 28))
        rows.append([("date", day.isoformat()), label, ("€", v)])
        total += v
    rows.append([None, "Total", ("=", f"SUM([.C5:.C{4 + len(chosen)}])", round(total, 2))])
    d["sheets"] = [("Frais", rows, [2.8, 6.5, 3.0])]
    return d


def make_subscriptions(r, year, part):
    day = dt.date(year, 1 + 4 * (part - 1), 10) + dt.timedelta(days=r.randrange(0, 20))
    if day > END:
        day = END - dt.timedelta(days=10)
    d = dict(app="calc", kind="souscriptions", author="camille", editor="camille" if r.random() < 0.7 else "julien",
             template=None, company=ORG)
    c, m, cyc, dur = life("camille", day, d["editor"], 30, r)
    d.update(created_t=c, modified_t=m, cycles=cyc + 6, duration=dur)
    d["title"] = f"Registre des souscriptions {year}"
    d["stem"] = f"Souscriptions_{year}_{part}"
    d["formats"] = ["ods"] if r.random() < 0.7 else ["xlsx"]
    rows = [[f"Souscriptions {year} — période {part}", None, None, None], [],
            ["Sociétaire", "Date", "Parts", "Montant (€)"]]
    people = r.sample(MEMBERS, r.randrange(5, 10))
    for i, p in enumerate(people):
        parts = r.choice([1, 2, 4, 5, 10, 20])
        rows.append([p, ("date", (day - dt.timedelta(days=r.randrange(1, 60))).isoformat()), parts,
                     ("=", f"[.C{4 + i}]*50", parts * 50)])
    d["sheets"] = [("Souscriptions", rows, [5.0, 3.0, 2.0, 3.2])]
    return d


def make_planning(r, site_name):
    day = rand_day(dt.date(2016, 3, 1), dt.date(2017, 4, 1), r)
    d = dict(app="calc", kind="planning", author="sophie", editor="sophie", template=None, company=None)
    c, m, cyc, dur = life("sophie", day, None, 12, r)
    d.update(created_t=c, modified_t=m, cycles=cyc, duration=dur)
    d["title"] = f"Planning — {site_name}"
    d["stem"] = ascii_slug("Planning_" + "_".join(site_name.split()[-2:]))
    d["formats"] = ["xlsx"]
    tasks = ["Études préalables", "Dépôt des autorisations", "Consultation des entreprises", "Financement participatif",
             "Travaux", "Mise en service"]
    rows = [[f"Planning — {site_name}", None, None, None], [], ["Tâche", "Responsable", "Début", "Durée (semaines)"]]
    t = c.date()
    for task in tasks:
        w = r.randrange(2, 16)
        rows.append([task, r.choice(["Sophie", "Claire", "Julien", "Thomas", "Antoine"]), ("date", t.isoformat()), w])
        t += dt.timedelta(weeks=w)
    d["sheets"] = [("Planning", rows, [6.0, 3.0, 3.0, 3.5])]
    return d


# --- photos -----------------------------------------------------------------

def olympus_name(t, counter):
    mcode = "123456789ABC"[t.month - 1]
    return f"P{mcode}{t.day:02d}{counter:04d}.JPG"


def make_photos(r, visits):
    """Photos taken by Thomas with the cooperative's camera during site visits
    (the visit report is written the same day or the next working day), plus
    a Sunday call-out at the wind farm. The camera numbers its files in order."""
    shots = []
    for v in sorted(visits, key=lambda v: v["created_t"]):
        c = v["created_t"]
        if c.hour < 12:
            day = c.date() - dt.timedelta(days=1)
            while day.weekday() >= 5 or day in HOLIDAYS:
                day -= dt.timedelta(days=1)
            t = at(day, r.uniform(9.5, 14.5), r)
        else:
            t = at(c.date(), r.uniform(8.5, 10.5), r)
        for i in range(1 if r.random() < 0.6 else 2):
            t = t + dt.timedelta(minutes=r.randrange(2, 25), seconds=r.randrange(60))
            shots.append(dict(kind="photo", site=v["site"], taken=t, gps=r.random() < 0.6,
                              seed=r.randrange(1, 10**6),
                              exposure=r.choice(["1/250", "1/320", "1/400", "1/500", "1/640", "1/800", "1/1000"]),
                              fnumber=r.choice([2.0, 2.8, 4.0, 4.9]), iso=r.choice([100, 100, 125, 160, 200]),
                              focal=r.choice([4.5, 4.5, 6.1, 9.9, 18.0])))
    # a Sunday call-out at the wind farm (turbine alarm)
    shots.append(dict(kind="photo", site=SITES[0], taken=dt.datetime(2016, 11, 13, 10, 41, 7), gps=True,
                      seed=424242, exposure="1/320", fnumber=2.8, iso=200, focal=4.5))
    shots.sort(key=lambda p: p["taken"])
    counter = 3102
    for p in shots:
        counter += r.randrange(3, 30)
        p["file"] = olympus_name(p["taken"], counter)
    return shots


# --- the catalogue ------------------------------------------------------------

def genuine_documents():
    r = R
    docs = []
    # team minutes, roughly every three to five weeks
    day = dt.date(2016, 1, 11)
    while day < END - dt.timedelta(days=3):
        docs.append(make_cr(r, day))
        day += dt.timedelta(days=r.randrange(30, 50))
    for i in range(6):
        docs.append(make_note(r, i))
    visits = []
    for i in range(8):
        v = make_visit(r, SITES[i % len(SITES)])
        visits.append(v)
        docs.append(v)
    for season in ["printemps", "automne", "hiver 2017", "printemps 2017"]:
        docs.append(make_letter(r, season))
    for i in range(6):
        docs.append(make_contract(r, i))
    for i in range(4):
        docs.append(make_project(r, i))
    for day in [dt.date(2016, 2, 8), dt.date(2016, 5, 23), dt.date(2016, 12, 5), dt.date(2017, 3, 6)]:
        docs.append(make_odj(r, day))
    docs.append(make_grant(r))
    docs.append(make_grant(r, english=True))
    for n in range(1, 5):
        docs.append(make_order(r, n * 7 + r.randrange(5)))
    for year, v in [(2016, 1), (2016, 2), (2017, 1), (2017, 2)]:
        docs.append(make_budget(r, year, v))
    for site in SITES[:3]:
        docs.append(make_production(r, site, 2016))
    docs.append(make_production(r, SITES[0], 2017, 1))
    docs.append(make_production(r, SITES[3], 2016, 3))
    for (y, q) in [(2016, 1), (2016, 2), (2016, 4), (2017, 1), (2017, 2)]:
        docs.append(make_treasury(r, y, q))
    for who, md in [("sophie", dt.date(2016, 2, 1)), ("thomas", dt.date(2016, 4, 1)), ("lea", dt.date(2016, 7, 1)),
                    ("camille", dt.date(2016, 12, 1)), ("nicolas", dt.date(2017, 3, 1)), ("sophie", dt.date(2017, 4, 3))]:
        docs.append(make_expenses(r, who, md))
    for y, p in [(2016, 1), (2016, 3), (2017, 1)]:
        docs.append(make_subscriptions(r, y, p))
    for s in ["Micro-centrale de la Brévenne", "Extension Jean-Moulin"]:
        docs.append(make_planning(r, s))

    # purchase orders are numbered in order
    orders = sorted((d for d in docs if d["kind"] == "bon_commande"), key=lambda d: d["created_t"])
    n = 3
    for d in orders:
        n += r.randrange(3, 9)
        y = d["created_t"].year
        d["title"] = f"Bon de commande {y}-{n:03d}"
        d["stem"] = f"BC_{y}-{n:03d}"
    for d in docs:
        d.setdefault("language", "fr-FR")
        d.setdefault("subject", "")
        d["author_name"] = PEOPLE[d["author"]]["name"]
        d["editor_name"] = PEOPLE[d["editor"]]["name"]
        if d["modified_t"].date() > END:
            raise SystemExit(f"{d['stem']}: modified after the end of the period")
        d["created"] = iso(d["created_t"])
        d["modified"] = iso(d["modified_t"])
        if d["app"] == "writer":
            d["body"] = d["body_fn"](d, r)
        # unique stems
    seen = {}
    for d in docs:
        if d["stem"] in seen:
            seen[d["stem"]] += 1
            d["stem"] += f"_{seen[d['stem']]}"
        else:
            seen[d["stem"]] = 1
    photos = make_photos(r, visits)
    return docs, photos
