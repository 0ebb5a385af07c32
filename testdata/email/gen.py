#!/usr/bin/python3
"""Writes the email fixtures and signs them with dkimpy (python3-dkim).

Every message is written with CRLF line ends (as on the wire); the mbox uses
LF, as mbox files on disk do. Signing time is pinned (t=1488446040,
2017-03-02T09:14:00Z) so reruns differ only by the key material."""
import base64, json, re, subprocess, time
import dkim

time.time = lambda: 1488446040  # dkimpy writes t= from time.time()

def pubkey(pem):
    der = subprocess.run(["openssl", "rsa", "-in", pem, "-pubout", "-outform", "DER"],
                         check=True, capture_output=True).stdout
    return "v=DKIM1; k=rsa; p=" + base64.b64encode(der).decode()

def raw32(args):
    return subprocess.run(["openssl", "pkey", "-in", "key3.pem"] + args + ["-outform", "DER"],
                          check=True, capture_output=True).stdout[-32:]

ED_SEED = base64.b64encode(raw32([]))  # dkimpy takes the base64 32-byte seed
keys = {"s1._domainkey.example.org": pubkey("key1.pem"),
        "e1._domainkey.example.org": "v=DKIM1; k=ed25519; p=" + base64.b64encode(raw32(["-pubout"])).decode()}
with open("keys.json", "w") as f:
    json.dump(keys, f, indent=1)
    f.write("\n")
# the same key as a zone-file line, split in two quoted strings, for LoadKeys
k = keys["s1._domainkey.example.org"]
with open("keys.zone", "w") as f:
    f.write('; throwaway test key\ns1._domainkey.example.org. 3600 IN TXT "%s" "%s"\n' % (k[:100], k[100:]))

KEY1 = open("key1.pem", "rb").read()
KEY2 = open("key2.pem", "rb").read()
SIGNED = [b"from", b"to", b"subject", b"date", b"message-id", b"mime-version", b"content-type"]

def crlf(s):
    return s.replace("\r\n", "\n").replace("\n", "\r\n").encode()

def sign(msg, selector=b"s1", key=KEY1, canon=(b"relaxed", b"relaxed"), algo=b"rsa-sha256", length=False):
    sig = dkim.sign(msg, selector, b"example.org", key, canonicalize=canon,
                    include_headers=SIGNED, signature_algorithm=algo, length=length)
    return sig + msg

def write(name, data):
    with open(name, "wb") as f:
        f.write(data)

RECEIVED = """Received: from mx1.example.net (mx1.example.net [192.0.2.25])
\tby mail.example.com (Postfix) with ESMTPS id 4F1A2B3C
\tfor <bob@example.com>; Thu, 2 Mar 2017 10:14:09 +0100 (CET)
Received: from smtp.example.org (smtp.example.org [198.51.100.7])
\tby mx1.example.net with ESMTP id abc123;
\tThu, 02 Mar 2017 09:14:05 +0000
Received: from [10.0.0.12] (unknown [203.0.113.9])
\tby smtp.example.org with ESMTPSA id q7;
\tThu, 2 Mar 2017 04:14:02 -0500
"""

plain = crlf(RECEIVED + """Return-Path: <alice@example.org>
From: Alice Martin <alice@example.org>
To: Bob <bob@example.com>, carol@example.com
Cc: dave@example.com
Subject: =?UTF-8?Q?Budget_r=C3=A9vis=C3=A9?=
Date: Thu, 2 Mar 2017 10:14:00 +0100
Message-ID: <20170302091400.1234@mail.example.org>
X-Mailer: Microsoft Outlook 16.0
Thread-Index: AdKTP8z6AAECAwQFBgcICQoLDA0ODw==
Content-Language: fr-FR
X-Originating-IP: [203.0.113.9]
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Bonjour Bob,

Voici le budget révisé.   
From the desk of Alice.


""")
write("plain.eml", sign(plain))

def attach(path):
    return base64.encodebytes(open(path, "rb").read()).decode()

multipart = crlf("""Return-Path: <alice@example.org>
From: "Martin, Alice" <alice@example.org>
To: bob@example.com
Subject: Report and draft
Date: Fri, 3 Mar 2017 18:30:00 -0800
Message-ID: <draft-42@example.org>
In-Reply-To: <20170302091400.1234@mail.example.org>
References: <20170302091400.1234@mail.example.org>
User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:45.0) Gecko/20100101 Thunderbird/45.8.0
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XXBOUNDARYXX"

This is a multi-part message in MIME format.
--XXBOUNDARYXX
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: quoted-printable

Le rapport et le brouillon, ci-joints.
--XXBOUNDARYXX
Content-Type: application/pdf; name="reportlab.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="reportlab.pdf"

""" + attach("../pdf/reportlab.pdf") + """--XXBOUNDARYXX
Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename*=UTF-8''brouillon%20r%C3%A9vis%C3%A9.docx

""" + attach("../ooxml/libreoffice.docx") + """--XXBOUNDARYXX--
""")
multi_signed = sign(multipart, canon=(b"simple", b"simple"))
write("multipart.eml", multi_signed)

# tampered copies of plain.eml
p = sign(plain)
write("tampered-body.eml", p.replace("Voici le budget".encode(), "Voila le budget".encode()))
write("tampered-subject.eml", p.replace(b"Subject: =?UTF-8?Q?Budget_r=C3=A9vis=C3=A9?=", b"Subject: Budget final"))
write("added-header.eml", b"X-Spam-Score: 0.1\r\n" + p)
write("rotated-key.eml", sign(plain, selector=b"s2", key=KEY2))
write("sha1.eml", sign(plain, algo=b"rsa-sha1", canon=(b"simple", b"relaxed")))
write("ed25519.eml", sign(plain, selector=b"e1", key=ED_SEED, algo=b"ed25519-sha256"))
# l= signs a body length: a footer added after signing still passes
write("length-footer.eml", sign(plain, length=True) + b"--\r\nMailing list footer\r\n")
# two signatures: s1 (known key) on top of s2 (rotated key)
write("two-signatures.eml", sign(sign(plain, selector=b"s2", key=KEY2)))

# a signature naming an algorithm nobody implements, and one without bh=
write("unknown-algorithm.eml", p.replace(b"a=rsa-sha256;", b"a=rsa-sha512;", 1))
write("malformed-signature.eml", re.sub(rb"bh=[^;]*;", b"", p, count=1))

# the mbox: LF line ends, ">From " escaping, one signed message whose body
# has a "From " line (escaped in the mbox, unescaped before verifying)
def lf(b):
    return b.replace(b"\r\n", b"\n")

def mboxmsg(envelope, msg):
    body = lf(msg)
    lines = body.split(b"\n")
    lines = [b">" + l if l.startswith(b"From ") or l.startswith(b">From ") else l for l in lines]
    return b"From " + envelope + b"\n" + b"\n".join(lines).rstrip(b"\n") + b"\n\n"

def simple(n, date, subj, body):
    return crlf("""From: User %d <user%d@example.net>
To: list@example.com
Subject: %s
Date: %s
Message-ID: <m%d@example.net>

%s
""" % (n, n, subj, date, n, body))

mbox = b"".join([
    mboxmsg(b"alice@example.org Thu Mar  2 09:14:09 2017", sign(plain)),
    mboxmsg(b"user2@example.net Sat Mar  4 12:00:00 2017", simple(2, "Sat, 4 Mar 2017 12:00:00 +0000", "Quoting", "From here on, quoted:\n>From the archive\nend")),
    mboxmsg(b"alice@example.org Fri Mar  3 18:30:00 2017", multi_signed),
    mboxmsg(b"user4@example.net Sun Mar  5 08:00:00 2017", simple(4, "Sun, 5 Mar 2017 08:00:00 +0900", "Tokyo", "Ohayo")),
    mboxmsg(b"MAILER-DAEMON Mon Mar  6 00:00:00 2017", sign(plain).replace("Voici".encode(), "Voilà".encode())),
])
write("mailbox.mbox", mbox)

# A message built by Python's email package (its own MIME choices:
# boundary, base64 line length, RFC 2231 names), DKIM-signed with dkimpy's
# default canonicalization (relaxed/simple), then received at
# mx.example.com, which added Authentication-Results and an ARC set
# (dkimpy's arc_sign, the same throwaway key).
from email.message import EmailMessage
from email.utils import format_datetime
import datetime
m = EmailMessage()
m["From"] = "Zoé Durand <zoe@example.org>"
m["To"] = "team@example.com"
m["Subject"] = "Tableau"
m["Date"] = format_datetime(datetime.datetime(2017, 3, 6, 8, 45, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=2))))
m["Message-ID"] = "<py-1@example.org>"
m["User-Agent"] = "Python email package"
m.set_content("Voir le tableau.\n")
m.add_attachment(open("../ooxml/openpyxl.xlsx", "rb").read(), maintype="application",
                 subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet", filename="tableau été.xlsx")
m.set_boundary("===============PYBOUNDARY==")
# set after the content: set_content() drops Content-* headers
m["Content-Language"] = "fr-CA"
import email.policy
raw = m.as_bytes(policy=email.policy.SMTP)
raw = dkim.sign(raw, b"s1", b"example.org", KEY1, include_headers=SIGNED) + raw
raw = (b"Authentication-Results: mx.example.com; dkim=pass header.d=example.org header.s=s1\r\n"
       b"Received: from smtp.example.org by mx.example.com with ESMTPS; Mon, 6 Mar 2017 06:45:03 +0000\r\n" + raw)
arc = dkim.arc_sign(raw, b"s1", b"example.org", KEY1, b"mx.example.com", timestamp=1488782703)
write("python-email-arc.eml", b"".join(arc) + raw)
