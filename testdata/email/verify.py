#!/usr/bin/python3
"""Reference DKIM verdicts from dkimpy (python3-dkim), with keys.json as DNS.

For every fixture message (and every message of mailbox.mbox, unescaping
">From "), for every DKIM-Signature header: dkimpy's verdict mapped to
docprov's result names. Bare LF line ends become CRLF first, as docprov does.
Prints JSON: {"file[#n]": ["pass", ...]}."""
import glob, json, logging, re
import dkim

keys = json.load(open("keys.json"))

def dnsfunc(name, timeout=5):
    n = name.decode().rstrip(".")
    return keys[n].encode() if n in keys else None

class Capture(logging.Handler):
    def __init__(self):
        super().__init__()
        self.msgs = []
    def emit(self, r):
        self.msgs.append(r.getMessage())

def verdicts(msg):
    msg = re.sub(rb"\r?\n", b"\r\n", msg)
    out = []
    n = len(re.findall(rb"(?im)^dkim-signature:", msg.split(b"\r\n\r\n", 1)[0]))
    for i in range(n):
        log = logging.getLogger("v%d" % i)
        cap = Capture()
        log.handlers = [cap]
        log.propagate = False
        d = dkim.DKIM(msg, logger=log)
        try:
            ok = d.verify(idx=i, dnsfunc=dnsfunc)
            if ok:
                out.append("pass")
            elif any("missing public key" in m for m in cap.msgs):
                out.append("no-key")
            else:
                out.append("fail-signature")
        except dkim.ValidationError as e:
            if "body hash mismatch" in str(e):
                out.append("fail-body")
            elif "unknown signature algorithm" in str(e):
                out.append("unsupported")
            else:
                out.append("malformed")
        except dkim.DKIMException:
            out.append("malformed")
    return out

res = {}
for f in sorted(glob.glob("*.eml")):
    res[f] = verdicts(open(f, "rb").read())
# split the mbox by hand (mboxrd): a message runs from its "From " line to
# the next; ">From " lines lose one ">"
data = open("mailbox.mbox", "rb").read()
for i, m in enumerate(re.split(rb"(?:^|\n)From [^\n]*\n", data)[1:], 1):
    m = re.sub(rb"(?m)^>(>*From )", rb"\1", m)
    res["mailbox.mbox#%d" % i] = verdicts(m)
print(json.dumps(res, indent=1, sort_keys=True))
