"""The fictional organisations: who works there, with what, when and how.

Each organisation is a dict read by build.py. People's names are drawn from
the language pack with the seed, so a different --seed gives other people;
roles, tools and habits are the organisation's own and stay.

Per document type ("types"):
  tool     lo | pydocx | openpyxl | xlsxwriter | excelize | reportlab |
           chromium | wkhtmltopdf | cairo-ps2pdf
  app      writer | calc | impress (what the content is)
  formats  for lo: the native format(s) saved, then "pdf" (a PDF export a few
           minutes later, sometimes); a post-step may follow the PDF:
           "pdf+qpdf" (linearized for the web), "pdf+sign" (signed with
           Poppler's pdfsig, an incremental update), "pdf+cairo" (re-rendered
           through pdftocairo), "pdf?" (exported for about half of them)
  weight   how common the type is
  writers  roles that write it; reviewers: roles that are often last editors
"""

ORGS = {
    # ------------------------------------------------------------------
    "nordhafen": dict(
        name="Nordhafen Ingenieure GmbH",
        description="Harbour and hydraulic engineering consultancy in Hamburg (14 staff). LibreOffice only, "
                    "ODF native formats with PDF exports for clients; a rugged site camera.",
        lang="de-DE", tz="Europe/Berlin", place="Hamburg", locale="de-DE",
        start="2019-01-07", days=640, size=(70, 110),
        font="Liberation Sans", heading_font="Liberation Sans",
        company_in_templates="Nordhafen Ingenieure GmbH",
        template_dir="file:///srv/vorlagen/",
        roles=[
            dict(role="Geschäftsführer", key="boss", hours=(7.5, 18.0), weekend=0.05, writes=["letter", "offer", "contract", "memo"]),
            dict(role="Projektleitung", key="pl1", hours=(7.0, 16.0), weekend=0.02, writes=["report", "survey", "minutes", "offer"]),
            dict(role="Projektleitung", key="pl2", hours=(8.0, 17.0), weekend=0.02, writes=["report", "survey", "minutes"], traveller=True),
            dict(role="Bauingenieur", key="ing", hours=(7.0, 15.5), weekend=0.0, writes=["report", "inventory", "timesheet"], photographer=True),
            dict(role="Sekretariat", key="sek", hours=(8.0, 13.0), weekend=0.0, writes=["invoice", "letter", "minutes", "timesheet"]),
            dict(role="Buchhaltung", key="buch", hours=(8.0, 16.0), weekend=0.0, writes=["invoice", "budget", "statement"]),
            dict(role="Werkstudent", key="new", hours=(10.0, 19.0), weekend=0.1, writes=["report", "inventory", "minutes"], newcomer=True),
        ],
        reviewers=["boss", "pl1"],
        types=dict(
            report=dict(tool="lo", app="writer", formats=["odt", "pdf"], weight=4, template="Prüfbericht Nordhafen"),
            survey=dict(tool="lo", app="writer", formats=["odt", "pdf"], weight=1, template="Gutachten Nordhafen", pages=2),
            minutes=dict(tool="lo", app="writer", formats=["odt"], weight=2, template="Protokoll Nordhafen"),
            memo=dict(tool="lo", app="writer", formats=["odt"], weight=1),
            letter=dict(tool="lo", app="writer", formats=["odt", "pdf"], weight=2, template="Briefbogen Nordhafen"),
            offer=dict(tool="lo", app="writer", formats=["odt", "pdf"], weight=2, template="Angebot Nordhafen"),
            contract=dict(tool="lo", app="writer", formats=["odt", "pdf"], weight=1, pages=2),
            invoice=dict(tool="lo", app="calc", formats=["ods", "pdf"], weight=3, template="Rechnung Nordhafen"),
            budget=dict(tool="lo", app="calc", formats=["ods"], weight=2),
            statement=dict(tool="lo", app="calc", formats=["ods", "pdf?"], weight=1),
            timesheet=dict(tool="lo", app="calc", formats=["ods"], weight=2),
            inventory=dict(tool="lo", app="calc", formats=["ods"], weight=1),
        ),
        photos=dict(share=0.18, device="panasonic-ft5"),
        naming="iso-date",
        tools=["LibreOffice 7.4 (Writer, Calc) → .odt/.ods + PDF export", "Panasonic DMC-FT5 site camera (stand-in)"],
    ),
    # ------------------------------------------------------------------
    "lakeshore": dict(
        name="Lakeshore Community Legal Aid",
        description="Non-profit legal aid clinic in Chicago (20 staff and volunteers). A 'Word shop' that saves "
                    "every file in Microsoft formats from LibreOffice (docx, xlsx, some legacy .doc/.xls until it "
                    "moved to OOXML, pptx for the board); staff re-use old files as templates with Save As.",
        lang="en-US", tz="America/Chicago", place="Chicago", locale="en-US",
        start="2020-02-03", days=700, size=(150, 250),
        font="Carlito", heading_font="Carlito",
        company_in_templates="",
        template_dir="",
        roles=[
            dict(role="Executive Director", key="ed", hours=(8.5, 19.0), weekend=0.1, writes=["memo", "letter", "slides", "budget"]),
            dict(role="Managing Attorney", key="ma", hours=(8.0, 18.5), weekend=0.05, writes=["report", "memo", "offer", "contract"]),
            dict(role="Staff Attorney", key="sa1", hours=(9.0, 18.0), weekend=0.03, writes=["report", "letter", "survey"]),
            dict(role="Staff Attorney", key="sa2", hours=(8.0, 17.0), weekend=0.02, writes=["report", "letter", "survey"], traveller=True),
            dict(role="Paralegal", key="para", hours=(8.0, 16.5), weekend=0.0, writes=["survey", "inventory", "letter", "timesheet"]),
            dict(role="Office Manager", key="om", hours=(7.5, 16.0), weekend=0.0, writes=["minutes", "invoice", "timesheet", "order"]),
            dict(role="Grants Manager", key="gm", hours=(9.0, 17.5), weekend=0.05, writes=["statement", "budget", "slides"]),
            dict(role="Fellow", key="new", hours=(9.5, 20.0), weekend=0.15, writes=["report", "survey", "letter"], newcomer=True),
        ],
        reviewers=["ma", "ed"],
        types=dict(
            report=dict(tool="lo", app="writer", formats=["docx"], weight=4, reuse=0.5),
            survey=dict(tool="lo", app="writer", formats=["docx"], weight=3, reuse=0.6),
            memo=dict(tool="lo", app="writer", formats=["docx"], weight=3, reuse=0.7),
            letter=dict(tool="lo", app="writer", formats=["docx", "pdf?"], weight=4, reuse=0.8),
            offer=dict(tool="lo", app="writer", formats=["docx", "pdf"], weight=1, reuse=0.5),
            contract=dict(tool="lo", app="writer", formats=["docx"], weight=1, pages=2),
            minutes=dict(tool="lo", app="writer", formats=["docx"], weight=2, reuse=0.9),
            budget=dict(tool="lo", app="calc", formats=["xlsx"], weight=2),
            statement=dict(tool="lo", app="calc", formats=["xlsx", "pdf?"], weight=2),
            timesheet=dict(tool="lo", app="calc", formats=["xlsx"], weight=3),
            invoice=dict(tool="lo", app="calc", formats=["xlsx"], weight=1),
            order=dict(tool="lo", app="calc", formats=["xlsx"], weight=1),
            inventory=dict(tool="lo", app="calc", formats=["xlsx"], weight=1),
            slides=dict(tool="lo", app="impress", formats=["pptx"], weight=1),
        ),
        # until the switch (a fraction of the period) Writer/Calc files are saved as .doc/.xls
        legacy_formats=dict(until=0.3, map={"docx": "doc", "xlsx": "xls"}),
        naming="words-spaces",
        tools=["LibreOffice 7.4 Writer/Calc/Impress saving .doc/.xls (until the OOXML switch), then .docx/.xlsx/.pptx; "
               "a few PDF exports"],
    ),
    # ------------------------------------------------------------------
    "sakura": dict(
        name="さくら物流株式会社 (Sakura Butsuryu K.K.)",
        description="Logistics company in Osaka. Most documents come out of in-house Python/Go scripts: weekly "
                    "reports (python-docx), shipment exports (openpyxl until the switch to XlsxWriter; both claim "
                    "'Microsoft Excel' in app.xml), invoices (ReportLab), manifests (excelize); a few staff "
                    "documents from LibreOffice as .docx.",
        lang="ja-JP", tz="Asia/Tokyo", place="大阪", locale="ja-JP",
        start="2018-04-02", days=620, size=(90, 160),
        font="Noto Sans CJK JP", heading_font="Noto Sans CJK JP",
        company_in_templates="",
        template_dir="",
        roles=[
            dict(role="営業部長", key="bucho", hours=(8.5, 20.0), weekend=0.05, writes=["report", "memo", "letter"]),
            dict(role="営業担当", key="eig1", hours=(9.0, 19.5), weekend=0.03, writes=["report", "offer", "statement"]),
            dict(role="営業担当", key="eig2", hours=(9.0, 18.5), weekend=0.02, writes=["report", "statement", "order"], traveller=True),
            dict(role="経理", key="keiri", hours=(8.5, 17.5), weekend=0.0, writes=["invoice", "budget", "timesheet"]),
            dict(role="倉庫管理", key="soko", hours=(7.0, 16.0), weekend=0.1, writes=["inventory", "statement"]),
            dict(role="システム担当", key="sys", hours=(10.0, 22.0), weekend=0.1, writes=["memo", "inventory"]),
            dict(role="新入社員", key="new", hours=(9.0, 18.0), weekend=0.0, writes=["report", "statement"], newcomer=True),
        ],
        reviewers=["bucho"],
        types=dict(
            report=dict(tool="pydocx", app="writer", weight=5),
            statement=dict(tool="openpyxl", app="calc", weight=4, switch_to="xlsxwriter", switch_at=0.55),
            inventory=dict(tool="xlsxwriter", app="calc", weight=2),
            order=dict(tool="excelize", app="calc", weight=2),
            invoice=dict(tool="reportlab", app="writer", weight=4),
            memo=dict(tool="lo", app="writer", formats=["docx"], weight=2),
            letter=dict(tool="lo", app="writer", formats=["docx", "pdf?"], weight=1),
            offer=dict(tool="lo", app="writer", formats=["docx", "pdf"], weight=1),
            budget=dict(tool="lo", app="calc", formats=["xlsx"], weight=1),
            timesheet=dict(tool="openpyxl", app="calc", weight=1),
        ),
        naming="japanese",
        tools=["python-docx 0.8.11 (weekly report bot)", "openpyxl 3.0.9 then XlsxWriter 3.0.2 (exports)",
               "ReportLab 3.6.12 (invoices)", "excelize v2 (Go, manifests)", "LibreOffice 7.4 (.docx/.xlsx)"],
    ),
    # ------------------------------------------------------------------
    "aurora": dict(
        name="Aurora Contabilidade e Assessoria Ltda",
        description="Accounting office in São Paulo. PDF-heavy: LibreOffice PDF exports, client statements "
                    "printed from the web portal (wkhtmltopdf until the move to headless Chromium), legacy payroll "
                    "printouts (cairo PostScript → Ghostscript ps2pdf), PDFs linearized with qpdf for the portal, "
                    "contracts signed by the partner with Poppler (incremental signature), scans re-rendered "
                    "through pdftocairo.",
        lang="pt-BR", tz="America/Sao_Paulo", place="São Paulo", locale="pt-BR",
        start="2017-03-06", days=600, size=(80, 150),
        font="Liberation Serif", heading_font="Liberation Sans",
        company_in_templates="Aurora Contabilidade",
        template_dir="file:///home/aurora/Modelos/",
        roles=[
            dict(role="Sócio-diretor", key="socia", hours=(9.0, 19.5), weekend=0.05, writes=["contract", "letter", "offer", "survey"], signer=True),
            dict(role="Contador", key="cont1", hours=(8.0, 18.0), weekend=0.03, writes=["report", "statement", "survey"]),
            dict(role="Contador", key="cont2", hours=(8.5, 17.5), weekend=0.02, writes=["report", "statement", "budget"], traveller=True),
            dict(role="Analista de DP", key="dp", hours=(8.0, 17.0), weekend=0.0, writes=["timesheet", "statement", "memo"]),
            dict(role="Assistente", key="assist", hours=(8.0, 17.0), weekend=0.0, writes=["letter", "minutes", "inventory"]),
            dict(role="Estagiário", key="new", hours=(13.0, 19.0), weekend=0.0, writes=["statement", "inventory", "minutes"], newcomer=True),
        ],
        reviewers=["socia"],
        types=dict(
            contract=dict(tool="lo", app="writer", formats=["odt", "pdf+sign"], weight=2, template="Contrato Aurora", pages=2),
            offer=dict(tool="lo", app="writer", formats=["odt", "pdf+sign"], weight=1, template="Proposta Aurora"),
            letter=dict(tool="lo", app="writer", formats=["odt", "pdf"], weight=2, template="Carta Aurora"),
            survey=dict(tool="lo", app="writer", formats=["docx", "pdf+qpdf"], weight=2),
            report=dict(tool="lo", app="writer", formats=["docx", "pdf+qpdf"], weight=3, pages=2),
            minutes=dict(tool="lo", app="writer", formats=["odt"], weight=1),
            memo=dict(tool="lo", app="writer", formats=["odt", "pdf"], weight=1),
            statement=dict(tool="wkhtmltopdf", app="writer", weight=5, switch_to="chromium", switch_at=0.45),
            timesheet=dict(tool="cairo-ps2pdf", app="writer", weight=3),
            budget=dict(tool="lo", app="calc", formats=["xlsx", "pdf+cairo"], weight=2),
            inventory=dict(tool="lo", app="calc", formats=["ods"], weight=1),
        ),
        naming="underscore",
        tools=["LibreOffice 7.4 (.odt/.docx/.xlsx/.ods + PDF)", "wkhtmltopdf 0.12.6 then Chromium headless (Skia/PDF)",
               "python3-cairo PostScript + Ghostscript ps2pdf", "qpdf --linearize", "Poppler pdfsig signatures",
               "pdftocairo -pdf (cairo)"],
    ),
    # ------------------------------------------------------------------
    "bluegum": dict(
        name="Bluegum Environmental Surveys Pty Ltd",
        description="Ecological consultancy in Hobart, Tasmania. Field photos from the company's waterproof GPS "
                    "camera (firmware updated during the period), reports as .docx and data sheets as .xlsx from "
                    "LibreOffice, quotes as PDF.",
        lang="en-AU", tz="Australia/Hobart", place="Hobart", locale="en-AU",
        start="2021-07-05", days=560, size=(55, 100),
        font="Liberation Sans", heading_font="Liberation Sans",
        company_in_templates="Bluegum Environmental Surveys",
        template_dir="file:///mnt/nas/Templates/",
        roles=[
            dict(role="Principal Ecologist", key="prin", hours=(8.0, 18.0), weekend=0.08, writes=["report", "offer", "letter"]),
            dict(role="Senior Ecologist", key="sen", hours=(7.0, 16.0), weekend=0.15, writes=["report", "survey", "inventory"], photographer=True),
            dict(role="Field Ecologist", key="fld", hours=(6.5, 15.5), weekend=0.2, writes=["survey", "timesheet"], photographer=True, traveller=True),
            dict(role="Office Manager", key="om", hours=(9.0, 15.0), weekend=0.0, writes=["invoice", "timesheet", "minutes"]),
            dict(role="Graduate Ecologist", key="new", hours=(8.0, 17.0), weekend=0.1, writes=["survey", "report"], photographer=True, newcomer=True),
        ],
        reviewers=["prin", "sen"],
        types=dict(
            report=dict(tool="lo", app="writer", formats=["docx", "pdf?"], weight=3, template="Bluegum Report", pages=2),
            survey=dict(tool="lo", app="writer", formats=["docx"], weight=3, template="Bluegum Field Sheet"),
            offer=dict(tool="lo", app="writer", formats=["docx", "pdf"], weight=1, template="Bluegum Quote"),
            letter=dict(tool="lo", app="writer", formats=["docx"], weight=1),
            minutes=dict(tool="lo", app="writer", formats=["docx"], weight=1),
            invoice=dict(tool="lo", app="calc", formats=["xlsx", "pdf"], weight=2),
            timesheet=dict(tool="lo", app="calc", formats=["xlsx"], weight=2),
            inventory=dict(tool="lo", app="calc", formats=["xlsx"], weight=1),
        ),
        photos=dict(share=0.5, device="nikon-w300", firmware_update=0.5),
        naming="underscore",
        tools=["Nikon COOLPIX W300 GPS camera (stand-in; firmware 1.0 then 1.1)", "LibreOffice 7.4 → .docx/.xlsx + PDF"],
    ),
    # ------------------------------------------------------------------
    "casaviva": dict(
        name="Casaviva Inmobiliaria S.L.",
        description="Real-estate agency in Valencia. Agents photograph properties with their phones (two iPhones, "
                    "one Samsung); the photos for the web go through the agency's privacy step (mat2); listings and "
                    "contracts from LibreOffice (.odt/.docx/.ods, PDF).",
        lang="es-ES", tz="Europe/Madrid", place="Valencia", locale="es-ES",
        start="2021-09-06", days=520, size=(45, 80),
        font="Liberation Serif", heading_font="Liberation Sans",
        company_in_templates="Casaviva Inmobiliaria",
        template_dir="file:///home/oficina/Plantillas/",
        roles=[
            dict(role="Gerente", key="ger", hours=(9.5, 20.0), weekend=0.15, writes=["contract", "letter", "budget"]),
            dict(role="Agente comercial", key="ag1", hours=(10.0, 20.5), weekend=0.3, writes=["survey", "offer"], photographer="iphone"),
            dict(role="Agente comercial", key="ag2", hours=(9.0, 19.0), weekend=0.25, writes=["survey", "offer"], photographer="samsung", traveller=True),
            dict(role="Administración", key="adm", hours=(9.0, 14.5), weekend=0.0, writes=["invoice", "inventory", "letter"]),
            dict(role="Agente en prácticas", key="new", hours=(10.0, 19.0), weekend=0.2, writes=["survey"], photographer="iphone", newcomer=True),
        ],
        reviewers=["ger"],
        types=dict(
            survey=dict(tool="lo", app="writer", formats=["odt"], weight=3, template="Ficha visita Casaviva"),
            offer=dict(tool="lo", app="writer", formats=["odt", "pdf"], weight=2, template="Encargo Casaviva"),
            contract=dict(tool="lo", app="writer", formats=["docx", "pdf"], weight=2, pages=2),
            letter=dict(tool="lo", app="writer", formats=["odt"], weight=1),
            invoice=dict(tool="lo", app="calc", formats=["ods", "pdf"], weight=2),
            inventory=dict(tool="lo", app="calc", formats=["ods"], weight=1),
            budget=dict(tool="lo", app="calc", formats=["xlsx"], weight=1),
        ),
        photos=dict(share=0.55, device="phones", scrub_share=0.25),
        naming="underscore",
        tools=["Apple iPhone 12 and Samsung Galaxy A52 photos (stand-ins)", "mat2 (privacy step for web photos)",
               "LibreOffice 7.4 → .odt/.docx/.ods/.xlsx + PDF"],
    ),
    # ------------------------------------------------------------------
    "wisla": dict(
        name="Fundacja Wisła Żyje",
        description="Small river-conservation foundation in Kraków. LibreOffice with legacy Microsoft formats "
                    "(.doc/.xls) for partners and .odt internally; every file sent to donors goes through mat2 "
                    "first (the foundation's privacy rule).",
        lang="pl-PL", tz="Europe/Warsaw", place="Krakowie", locale="pl-PL",
        start="2022-01-10", days=480, size=(32, 55),
        font="DejaVu Serif", heading_font="DejaVu Sans",
        company_in_templates="",
        template_dir="",
        roles=[
            dict(role="Prezes zarządu", key="prez", hours=(9.0, 21.0), weekend=0.2, writes=["letter", "report", "contract"]),
            dict(role="Koordynacja projektów", key="koord", hours=(10.0, 18.0), weekend=0.1, writes=["report", "minutes", "budget"], traveller=True),
            dict(role="Księgowość (zlecenie)", key="ksieg", hours=(16.0, 21.0), weekend=0.3, writes=["statement", "budget", "invoice"]),
            dict(role="Wolontariat", key="new", hours=(12.0, 22.0), weekend=0.4, writes=["minutes", "inventory"], newcomer=True),
        ],
        reviewers=["prez"],
        types=dict(
            report=dict(tool="lo", app="writer", formats=["doc", "pdf?"], weight=3, scrub=0.5),
            letter=dict(tool="lo", app="writer", formats=["odt", "pdf?"], weight=2, scrub=0.3),
            minutes=dict(tool="lo", app="writer", formats=["odt"], weight=2),
            contract=dict(tool="lo", app="writer", formats=["doc", "pdf"], weight=1),
            budget=dict(tool="lo", app="calc", formats=["xls", "ods"], weight=2, scrub=0.4),
            statement=dict(tool="lo", app="calc", formats=["xls"], weight=1),
            invoice=dict(tool="lo", app="calc", formats=["ods"], weight=1),
            inventory=dict(tool="lo", app="calc", formats=["ods"], weight=1),
        ),
        naming="underscore",
        tools=["LibreOffice 7.4 → .doc/.xls/.odt/.ods + PDF", "mat2 0.13 (privacy step before sending)"],
    ),
}

# The forgers' own machines: OS user / LibreOffice user, locale, time zone.
FORGERS = [
    dict(key="vk", given="Viktor", surname="K.", locale="ru-RU", tz="Europe/Moscow", osuser="viktor"),
    dict(key="jd", given="", surname="", locale="en-GB", tz="Europe/London", osuser="user"),
    dict(key="mx", given="Max", surname="Ritter", locale="de-AT", tz="Europe/Vienna", osuser="max"),
    dict(key="lt", given="Lan", surname="Tran", locale="vi-VN", tz="Asia/Ho_Chi_Minh", osuser="lan"),
    dict(key="ny", given="D", surname="Price", locale="en-US", tz="America/New_York", osuser="dprice"),
    dict(key="sk", given="Soo-jin", surname="Park", locale="ko-KR", tz="Asia/Seoul", osuser="sjpark"),
    dict(key="ar", given="Omar", surname="Haddad", locale="ar-EG", tz="Africa/Cairo", osuser="omar"),
]

# travel destinations (a staff member saving from another time zone for a few days)
TRAVEL = {
    "nordhafen": ("America/New_York", "a port-engineering conference in New York"),
    "lakeshore": ("America/Los_Angeles", "a legal-aid conference in Los Angeles"),
    "sakura": ("Asia/Singapore", "a client visit in Singapore"),
    "aurora": ("Europe/Lisbon", "a week at the Lisbon partner office"),
    "bluegum": ("Australia/Perth", "fieldwork in Western Australia"),
    "casaviva": ("America/Bogota", "a property fair in Bogotá"),
    "wisla": ("Europe/London", "a partners' meeting in London"),
}
