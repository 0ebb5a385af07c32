"""(Adapted from testdata/demo/src/lo.py: more filters -- .doc, .xls, Impress --,
optional private fontconfig, and set_props for properties set through UNO.)

Drive a headless LibreOffice through UNO under a controllable fake clock.

One soffice process per "machine" (user profile + time zone + fonts). The
clock is libfaketime's, read from a timestamp file that is rewritten before
every save, so the times LibreOffice writes (ZIP entry times, PDF
CreationDate, the modification date a "Save As" stamps) are the ones the
scenario says, while the process keeps running between documents.
"""

import os
import subprocess
import time

import uno
from com.sun.star.beans import PropertyValue

FAKETIME_LIB = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"

FILTERS = {
    ("writer", "odt"): "writer8",
    ("writer", "docx"): "MS Word 2007 XML",
    ("writer", "pdf"): "writer_pdf_Export",
    ("calc", "ods"): "calc8",
    ("calc", "xlsx"): "Calc MS Excel 2007 XML",
    ("calc", "pdf"): "calc_pdf_Export",
    ("writer", "doc"): "MS Word 97",
    ("writer", "rtf"): "Rich Text Format",
    ("calc", "xls"): "MS Excel 97",
    ("impress", "odp"): "impress8",
    ("impress", "pptx"): "Impress MS PowerPoint 2007 XML",
    ("impress", "ppt"): "MS PowerPoint 97",
    ("impress", "pdf"): "impress_pdf_Export",
}


def pv(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def url(path):
    return uno.systemPathToFileUrl(os.path.abspath(path))


def write_profile(profile_dir, given="", surname="", locale=None):
    """A LibreOffice user profile with the user's name (what "Save" writes as
    the last editor) and optionally the locale/default document language."""
    user = os.path.join(profile_dir, "user")
    os.makedirs(user, exist_ok=True)
    items = []

    def item(path, name, value):
        items.append(f'<item oor:path="{path}"><prop oor:name="{name}" oor:op="fuse">'
                     f"<value>{value}</value></prop></item>")
    if given:
        item("/org.openoffice.UserProfile/Data", "givenname", given)
    if surname:
        item("/org.openoffice.UserProfile/Data", "sn", surname)
    if locale:
        item("/org.openoffice.Setup/L10N", "ooSetupSystemLocale", locale)
        item("/org.openoffice.Office.Linguistic/General", "DefaultLocale", locale)
    # templates on the office's file share are referenced by absolute URL
    item("/org.openoffice.Office.Common/Save/URL", "FileSystem", "false")
    # no "recent documents", no autosave/backup copies
    item("/org.openoffice.Office.Common/History", "PickListSize", "0")
    item("/org.openoffice.Office.Common/Save/Document", "AutoSave", "false")
    with open(os.path.join(user, "registrymodifications.xcu"), "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
                'xmlns:xs="http://www.w3.org/2001/XMLSchema" '
                'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
                + "\n".join(items) + "\n</oor:items>\n")


class Office:
    """One running soffice: Office(work, "org", tz="Europe/Paris", fonts=conf, ...)."""

    def __init__(self, work, name, tz, fontconf, given="", surname="", locale=None,
                 start="2016-01-01 08:00:00", certdir=None, rand_seed=1):
        self.name = name
        self.profile = os.path.join(work, "profiles", name)
        write_profile(self.profile, given, surname, locale)
        self.clock = os.path.join(work, f"clock-{name}")
        self.set_time(start)
        env = dict(os.environ)
        env.update(LD_PRELOAD=FAKETIME_LIB, FAKETIME_TIMESTAMP_FILE=self.clock, FAKETIME_NO_CACHE="1",
                   TZ=tz, LANG="C.UTF-8", LC_ALL="C.UTF-8")
        if fontconf:
            env["FONTCONFIG_FILE"] = fontconf
        env.pop("FAKETIME", None)
        # LibreOffice's random numbers (RSIDs ...) repeat from run to run; each
        # machine has its own seed, so two machines do not share a sequence
        env["SAL_RAND_REPEATABLE"] = str(rand_seed)
        if certdir:  # the NSS database with the user's signing certificate
            env["MOZILLA_CERTIFICATE_FOLDER"] = f"sql:{certdir}"
        self.pipe = f"docprovorgs-{name}-{os.getpid()}"
        self.log = open(os.path.join(work, f"soffice-{name}.log"), "w")
        self.proc = subprocess.Popen(
            ["soffice", f"-env:UserInstallation=file://{self.profile}", "--headless", "--invisible",
             "--norestore", "--nologo", "--nodefault", f"--accept=pipe,name={self.pipe};urp;"],
            env=env, stdout=self.log, stderr=subprocess.STDOUT)
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
        last = None
        for _ in range(600):
            try:
                ctx = resolver.resolve(f"uno:pipe,name={self.pipe};urp;StarOffice.ComponentContext")
                break
            except Exception as e:  # not listening yet
                last = e
                if self.proc.poll() is not None:
                    raise RuntimeError(f"soffice ({name}) exited with {self.proc.returncode}")
                time.sleep(0.1)
        else:
            raise RuntimeError(f"cannot reach soffice ({name}): {last}")
        self.ctx = ctx
        self.desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)

    def set_time(self, t):
        """Freeze the clock at t ("YYYY-MM-DD hh:mm:ss" local time, or a datetime)."""
        if not isinstance(t, str):
            t = t.strftime("%Y-%m-%d %H:%M:%S")
        with open(self.clock + ".tmp", "w") as f:
            f.write(t + "\n")
        os.replace(self.clock + ".tmp", self.clock)

    def load(self, path):
        doc = self.desktop.loadComponentFromURL(url(path), "_blank", 0, (pv("Hidden", True),))
        if doc is None:
            raise RuntimeError(f"LibreOffice could not open {path}")
        if self.app_of(doc) == "writer":
            # count words now, as the GUI does while one edits; otherwise the
            # statistics LibreOffice writes into docProps/app.xml depend on
            # whether its idle word count happened to finish before the save
            doc.getPropertyValue("WordCount")
        return doc

    @staticmethod
    def app_of(doc):
        if doc.supportsService("com.sun.star.sheet.SpreadsheetDocument"):
            return "calc"
        if doc.supportsService("com.sun.star.presentation.PresentationDocument"):
            return "impress"
        return "writer"

    def certificate(self):
        """The first personal certificate of the profile's NSS database."""
        sei = self.ctx.ServiceManager.createInstanceWithContext("com.sun.star.xml.crypto.SEInitializer", self.ctx)
        certs = sei.createSecurityContext("").getSecurityEnvironment().getPersonalCertificates()
        if not certs:
            raise RuntimeError("no personal certificate in the NSS database")
        return certs[0]

    def export(self, doc, path, fmt, pdfa=False, sign=None):
        """storeToURL: what File > Export / "Save a copy" and --convert-to do;
        the document properties are written as they are. sign=(certificate,
        reason, location) signs the PDF as the export dialog's "Digital
        Signatures" tab does."""
        args = [pv("FilterName", FILTERS[(self.app_of(doc), fmt)]), pv("Overwrite", True)]
        fd = []
        if pdfa:
            fd.append(pv("SelectPdfVersion", 2))
        if sign:
            cert, reason, location = sign
            fd += [pv("SignPDF", True), pv("SignatureCertificate", cert), pv("SignatureReason", reason),
                   pv("SignatureLocation", location), pv("SignaturePassword", "")]
        if fd:
            anyfd = uno.Any("[]com.sun.star.beans.PropertyValue", tuple(fd))
            args.append(PropertyValue("FilterData", 0, anyfd, 0))
            uno.invoke(doc, "storeToURL", (url(path), tuple(args)))
        else:
            doc.storeToURL(url(path), tuple(args))

    def save_as(self, doc, path, fmt):
        """storeAsURL: File > Save As. LibreOffice stamps the profile's user as
        the last editor, the clock's time as the modification date, and adds
        one editing cycle -- when the document was changed, which every caller
        here does (an unchanged document keeps its old properties)."""
        if self.app_of(doc) == "writer":
            doc.getPropertyValue("WordCount")  # statistics of the edited text
        doc.storeAsURL(url(path), (pv("FilterName", FILTERS[(self.app_of(doc), fmt)]), pv("Overwrite", True)))

    @staticmethod
    def set_props(doc, author=None, editor=None, created=None, modified=None, cycles=None, duration=None,
                  title=None, template=None):
        """Set the document properties through UNO, as the GUI's File > Properties
        and LibreOffice's own save stamping would leave them."""
        from com.sun.star.util import DateTime
        p = doc.DocumentProperties

        def udt(t):
            d = DateTime()
            d.Year, d.Month, d.Day, d.Hours, d.Minutes, d.Seconds = t.year, t.month, t.day, t.hour, t.minute, t.second
            return d
        if author is not None:
            p.Author = author
        if editor is not None:
            p.ModifiedBy = editor
        if created is not None:
            p.CreationDate = udt(created)
        if modified is not None:
            p.ModificationDate = udt(modified)
        if cycles is not None:
            p.EditingCycles = cycles
        if duration is not None:
            p.EditingDuration = int(duration)
        if title is not None:
            p.Title = title
        if template is not None:
            p.TemplateName, p.TemplateURL = template

    def close(self):
        try:
            self.desktop.terminate()
        except Exception:
            pass  # the bridge goes away while terminating
        try:
            self.proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
