// Package ole reads the provenance of OLE2 compound files: legacy Word
// (.doc, .dot), Excel (.xls, .xlt) and PowerPoint (.ppt) documents, Outlook
// messages (.msg), Visio and Publisher files, and OOXML documents saved with
// a password (which Office wraps in a compound file).
//
// A compound file is a small file system: storages (directories) and
// streams (files), each directory entry with a CLSID and creation and
// modification times. Who wrote a document, when and with what is recorded
// several times over, by different parts of the software, and the copies
// can disagree:
//
//   - the SummaryInformation and DocumentSummaryInformation property sets
//     ([MS-OLEPS]): what Explorer and Office show, and what a forger edits;
//   - the application's own stream: Word's File Information Block (FIB)
//     with the language of the installed Word, the format version and a
//     UTC save time, and its Document Properties (DOP) with the same dates
//     in the writer's local time, so that the two together reveal the
//     writer's UTC offset; Excel's BOF record (build and year of the writing
//     Excel) and WRITEACCESS (the saving user); PowerPoint's Current User
//     atom (the saving user again);
//   - the container itself: the names, order and times of its entries, a
//     fingerprint of the writer.
//
// Extract fills a provenance.Record with, as Fields:
//
//	ole.type                        Word, Excel, PowerPoint, Outlook message, Visio,
//	                                Publisher, encrypted OOXML package (from the streams;
//	                                a "PP40" stream is PowerPoint 4.0/95)
//	ole.type.source                 when no stream names the application: the field
//	                                that did (ole.compobj.UserType, else
//	                                ole.summary.AppName, as ExifTool decides), the
//	                                Record's format following it (doc, xls, ppt)
//	ole.cfb.root.CLSID, .created, .modified   the root entry
//	ole.cfb.entry[i]                every entry in directory order, "path (size)" for a
//	                                stream, "path/" for a storage; control characters as
//	                                \xNN ("\x05SummaryInformation")
//	ole.cfb.entries, ole.cfb.layout the entry count; the root's children, sorted, joined by "|"
//	ole.cfb.storage[path].CLSID, .created, .modified   storages that carry them
//	ole.summary.<Name>              SummaryInformation: Title Subject Author Keywords
//	                                Comments Template LastAuthor RevNumber EditTime (seconds)
//	                                LastPrinted CreateTime LastSaveTime (RFC 3339, UTC)
//	                                PageCount WordCount CharCount Thumbnail AppName
//	                                DocSecurity (+ DocSecurityFlags) CodePage (+ CodePageName)
//	                                Locale (+ LocaleTag), OS (the writer's system: Win32 10.0,
//	                                Macintosh …), unknown IDs as 0xNNNNNNNN
//	ole.docsummary.<Name>           DocumentSummaryInformation: Category PresentationTarget
//	                                Bytes Lines Paragraphs Slides Notes HiddenSlides MMClips
//	                                ScaleCrop HeadingPairs[i] TitlesOfParts[i] Manager Company
//	                                LinksUpToDate CharCountWithSpaces SharedDoc
//	                                HyperlinksChanged AppVersion ("11.8417") DigSig
//	                                ContentType ContentStatus Language DocVersion, CodePage, OS
//	ole.custom.<name>, .<name>.type the user-defined properties, by the names of the
//	                                section's dictionary, with their VT_ type; _PID_GUID and
//	                                _PID_LINKBASE decoded
//	ole.links[i]                    hyperlink targets from _PID_HLINKS
//	ole.propset[\x05Name].…         any other property set stream at the root
//	ole.embedded[storage].summary.… the property sets of embedded objects (a pasted sheet,
//	                                a chart): another document's claims, kept apart
//	ole.compobj.UserType, .ClipboardFormat, .ProgID   the \x01CompObj stream: the user type
//	                                is localized ("Microsoft Word-Dokument") and decoded
//	                                with the file's ANSI code page (SummaryInformation's,
//	                                DocumentSummaryInformation's or the workbook's
//	                                CODEPAGE), else read as UTF-8 or windows-1252
//	ole.word.fib.*                  the FIB: wIdent nFib nProduct lid (+ lidTag) fDot fGlsy
//	                                fComplex (last save was a fast save) cQuickSaves
//	                                fEncrypted fWhichTblStm fReadOnlyRecommended
//	                                fWriteReservation fExtChar fFarEast fObfuscated nFibBack
//	                                envr fMac fWord97Saved wMagicCreated wMagicRevised
//	                                wMagicCreatedPrivate wMagicRevisedPrivate (wMagic as text
//	                                when ASCII: "Caolan80" is OpenOffice/LibreOffice) lidFE
//	                                nFibNew savedTime (UTC FILETIME of the last save)
//	ole.word.version                the Word release of the format version ("Word 2003 (nFib 0x010C)")
//	ole.word.dop.*                  dttmCreated dttmRevised dttmLastPrint (local time, no
//	                                offset) nRevision tmEdited (minutes) cWords cCh cPg cParas
//	ole.word.savedUTCOffset         the DOP's local save time minus the FIB's UTC one (or,
//	                                without one, SummaryInformation's LastSaveTime)
//	ole.word.SavedBy[i].author, .path   the save history (Word 97–2002): user and file path
//	ole.word.style.lid, .lidFE, .lidBi (+ …Tag)   the languages of the Normal style
//	ole.word.font[i]                the font table's faces (Word 97 and later), each once, in its order
//	content.chars, content.sha256   Word and Excel 97–2003: the content digest (below)
//	content.skipped                 "too large": an Excel workbook past the digest's cap (below)
//	ole.excel.biff, ole.excel.BOF.* vers dt rupBuild rupYear verLowestBiff verLastXLSaved
//	ole.excel.CodePage, ole.excel.WriteAccess, ole.excel.Country.iCountryDef,
//	ole.excel.Country.iCountryWinIni, ole.excel.InterfaceHdr.codePage
//	ole.excel.font[i]               the faces of the FONT records, each once; [0] the Normal style's
//	ole.excel.numFmt[i]             the codes of the FORMAT records, each once (in the locale's notation)
//	ole.ppt.CurrentUser.*           headerToken offsetToCurrentEdit docFileVersion
//	                                majorVersion minorVersion ansiUserName relVersion
//	                                unicodeUserName
//	ole.msg.<Name>                  Outlook: MessageClass Subject SenderName
//	                                SenderEmailAddress SenderSmtpAddress SentRepresenting*
//	                                DisplayTo DisplayCc DisplayBcc ClientSubmitTime
//	                                MessageDeliveryTime CreationTime LastModificationTime
//	                                CreatorName LastModifierName InternetMessageId
//	                                InReplyToId InternetReferences TransportMessageHeaders
//	                                MessageCodepage InternetCodepage MessageLocale (+ Tag) …
//	ole.msg.recipient[i].*, ole.msg.attachment[i].*   DisplayName EmailAddress SmtpAddress
//	                                RecipientType; AttachLongFilename AttachMimeTag …
//	ole.msg.header.*                X-Mailer User-Agent Date From To Message-ID Received[i]
//	ole.encrypted, ole.encryption   true, and the scheme: xor-obfuscation, rc4,
//	                                rc4-cryptoapi (legacy Word/Excel/PowerPoint), standard,
//	                                agile, extensible (OOXML)
//	ole.encryption.*                version, and the cipher, key size and spin count
//
// and the normalized view: title, subject, keywords, description
// (Comments), authors (Author), last_modified_by (LastAuthor), template,
// revision, edit_time_s, created, modified and printed from
// SummaryInformation (FILETIMEs are UTC, so these times carry Z); company
// and manager from DocumentSummaryInformation; AppName as the application
// software; languages from Word's FIB lid (the language of the installed
// Word), the Normal style, the property sets' Locale and Language, and
// only failing those from a code page that belongs to one language (932
// Japanese, 949 Korean, 1253 Greek …: windows-1251 is Cyrillic, used by
// many languages, and yields no tag); identifiers: _PID_GUID. For an Outlook
// message: title = Subject, authors = sender, created = ClientSubmitTime,
// the mailer as application and the Message-ID as identifier.
//
// content.sha256 is the SHA-256 (hex) of the text of a Word 97–2003
// document's main story (the first ccpText characters of the FIB, read
// through the piece table: the Clx of the table stream, bounded by
// maxClxBytes and maxWordTextBytes), normalized, and content.chars the
// number of characters (code points) hashed. Field codes are left out and
// field results kept; paragraph, cell and row marks, line, page and column
// breaks and tabs are boundaries; the non-breaking hyphen (0x1E) is
// U+2011; optional hyphens and the anchors of pictures, notes and comments
// are dropped; 8-bit pieces are read as [MS-DOC]'s windows-1252. Headers,
// footers, notes, comments and text boxes are other stories and not part
// of it. Text deleted with change tracking on stays in a doc's text, marked
// in its character properties (sprmCFRMarkDel in the ChpxFkp pages of the
// PlcBteChpx, at most maxChpxPages): it is left out, as docx and odt keep
// it apart (when those pages cannot be read, it counts). Normalized means,
// as in formats/ooxml and formats/odf: every boundary and every run of
// white space (unicode.IsSpace) becomes one space, none at either end;
// soft hyphens, zero-width spaces and byte-order marks are dropped. So a
// doc and its docx or odt conversion can digest alike: Word's own doc and
// docx of a document with tracked changes do. content.chars is "0", and content.sha256
// absent, for a document without text; neither is written for Word 6/95,
// encrypted files, or a piece table that cannot be read whole.
//
// For an Excel 97–2003 (BIFF8) workbook, the digest is that of its
// worksheets' cells in the order of the BoundSheet records and as written
// (chart substreams left out), as formats/ooxml reads an xlsx: a shared
// string (SST, across its CONTINUE records) or string (LABEL, RSTRING), a
// number (NUMBER, RK, MULRK, a FORMULA's cached result) rounded to 15
// significant digits, a boolean as 1 or 0, an error as its text, a
// formula's string result (STRING); never the formula. It is read from
// the start of the Workbook stream that the rest of extraction reads
// (maxWorkbookRead, 256 KiB), so it is taken only of a workbook whose
// Workbook stream is at most maxWorkbookTextBytes (the same 256 KiB; in
// the shared corpus 23 of 24 workbooks are, the largest at 158 KB): a
// larger one gets content.skipped "too large" and neither content.chars
// nor content.sha256, as reading and hashing it whole made legacy-Office
// extraction a third slower. An encrypted workbook (FILEPASS) or BIFF5 and
// older get none, and no content.skipped. PowerPoint files get no digest.
//
// The normalized view takes only the file's own property sets, never an
// embedded object's. ExifTool merges both, so on files with embedded
// documents it reports, say, a template for an .xls that has none.
//
// A password-protected OOXML file (EncryptionInfo + EncryptedPackage) is
// reported as "docx", "xlsx" or "pptx" when unencrypted property sets beside
// the package name the application, and as "ooxml-encrypted" otherwise,
// with a problem that says it is encrypted (formats.ErrEncrypted's text).
// Legacy encryption (Word fEncrypted, Excel FILEPASS, PowerPoint's
// encrypted Current User token) leaves the property sets readable: the
// Record has them, ole.encrypted and a problem.
//
// The compound file is read with github.com/richardlehane/mscfb, which has
// been solid on many thousands of mutated files; a panic in it is recovered
// anyway, and no stream is read beyond what the file's size allows. Stream
// and storage times come through mscfb, which gives whole seconds. mscfb
// gives each storage a copy of its parent's path, which costs memory
// quadratic in the nesting (20,000 nested storages in 2.5 MB reached 4 GiB
// before any stream was read), so the directory tree is walked here first,
// by hand with an explicit stack, only to measure how deeply storages
// nest: a file nested deeper than 64 levels (real ones nest a handful) is
// refused as malformed.
//
// Property sets are parsed here, with the standard library, rather than
// with github.com/richardlehane/msoleps: msoleps panics on malformed sets
// (in getPropertySet, getDictionary, nullTerminated), returns names rather
// than property IDs, turns the EditTime duration into a 1970 date,
// truncates times to seconds and leaves VT_BLOB and VT_CF unimplemented,
// while [MS-OLEPS] is small. The parser here keeps every ID and VT_ type,
// decodes VT_LPSTR by the section's code page with golang.org/x/text,
// bounds every count by the bytes left, and reports a broken property
// without losing the others. The Word, Excel, PowerPoint and Outlook
// structures ([MS-DOC], [MS-XLS], [MS-PPT], [MS-OXMSG]) are read by hand
// too, only as far as the fields above need: no Go library reads them.
//
// Not handled: Excel files that are a bare BIFF stream without a compound
// file (Excel 2.x–4.0 worksheets) are not recognised and get the registry's
// ErrUnsupported; Word 6/95 files yield their FIB base only; PowerPoint's
// per-text language and Publisher/Visio internals are not read.
package ole
