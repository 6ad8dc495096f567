"""Classification markers, in each supported language: words that classify a text wherever
they stand, and words that do so only as a label, in capitals or as an instruction."""

from __future__ import annotations

import re

# Classification words that are markers wherever they appear (case-insensitive).
STRONG = re.compile(
    r"(?i)\b(?:strictly (?:confidential|private)|highly confidential|privileged (?:&|and) confidential"  # noqa: E501
    r"|attorney[- ]client|legally privileged|subject to legal privilege|under legal privilege"
    r"|prepared (?:at the (?:direction|request) of|for) counsel|without prejudice"
    r"|not for (?:distribution|disclosure|publication|release)|embargoed(?: until)?|under (?:an? )?NDA"  # noqa: E501
    r"|commercial(?:ly)? in confidence|trade secrets?|company secret|inside information"
    # ("streng geheim halten", keep it secret, is everyday speech like "keep it secret")
    r"|streng (?:vertraulich|geheim(?!\s+(?:zu\s+)?(?:halten|gehalten|h[äa]lt)))"
    r"|nur f[üu]r den (?:internen )?dienstgebrauch|verschlusssache"
    r"|strictement confidentiel|confidentiel(?:le)? d[ée]fense|[àa] ne pas diffuser|secret des affaires"  # noqa: E501
    r"|estrictamente confidencial|no (?:distribuir|difundir)|secreto (?:comercial|empresarial))\b"
)
# More of them, in German, French and Spanish and in Dutch, Italian, Polish and Portuguese: a
# pattern of its own, which the prefilter spares the many texts that have none of them.
STRONG_MORE = re.compile(
    r"(?i)\b(?:Gesch[äa]ftsgeheimnis\w*|Betriebsgeheimnis\w*|anwaltlich privilegiert"
    r"|Insiderinformation\w*|nicht zur (?:Weitergabe|Ver[öo]ffentlichung)|Sperrfrist"
    r"|secret professionnel|diffusion restreinte|ne pas divulguer|sous embargo"
    r"|information privil[ée]gi[ée]e|altamente confidencial|no divulgar|secreto profesional"
    r"|bajo embargo|informaci[óo]n privilegiada|embargad[oa]s? hasta"
    # A dated embargo: "EMBARGO until Thursday", "embargo tot", "fino a", "do", "até", "bis".
    r"|embargo (?:until|till|hasta|tot|fino (?:a|al)|do|at[ée]|bis|jusqu'(?:au|à))(?! (?:19|20)\d\d\b)"  # noqa: E501
    r"|nie do dystrybucji|niet voor distributie|non per la distribuzione|n[ãa]o para distribui[çc][ãa]o"  # noqa: E501
    r"|strikt vertrouwelijk|zeer vertrouwelijk|niet voor verspreiding"
    r"|bedrijfsgeheim\w*"
    r"|onder embargo|onder geheimhouding|geheimhoudingsplicht|verschoningsrecht|voorwetenschap"
    r"|strettamente (?:riservat[oa]|confidenziale)|riservatissim[oa]|segreto (?:aziendale|industriale"  # noqa: E501
    r"|professionale)|non (?:divulgare|diffondere)|vietata la diffusione|sotto embargo"
    r"|informazioni? privilegiat[ae]|[śs]ci[śs]le (?:tajne|poufne)|tajemnic[aąy] (?:przedsi[ęe]biorstwa"  # noqa: E501
    r"|zawodow\w+|adwokack\w+|radcy prawnego)|nie do rozpowszechniania|nie rozpowszechnia[ćc]"
    r"|informacj[aęi] poufn\w+|estritamente confidencial|segredo (?:comercial|industrial|profissional"  # noqa: E501
    r"|de justi[çc]a)|n[ãa]o (?:divulgar|distribuir)|sob embargo|sigilo profissional"
    r"|informa[çc][ãa]o privilegiada)\b"
)
# Bare classification words: markers when they stand as a label, in capitals or as an instruction.
KEEP_WORD = (
    r"confidential|confidentiel(?:le)?|confidencial|vertraulich|vertrouwelijk|riservat[oa]"
    r"|confidenziale|poufn[eya]|sigilos[oa]|em sigilo|in confidenza|w tajemnicy"
)
DOCUMENT = (
    r"document|report|memo|attachment|presentation|proposal|file|documento|rapporto|relat[óo]rio"
    r"|informe|rapport|verslag|notitie|bijlage|allegato|anexo|dokument|raport|notatka|za[łl][ąa]cznik"
    r"|nota|proposta|propuesta|Dokument|Bericht|Anhang|pi[èe]ce jointe"
)
IS = r"is|are|è|jest|é|es|est|ist|zijn|sono|s[ąa]|s[ãa]o|son|sind|sont"
STRICTLY = r"strictly|highly|strikt|zeer|streng|strettamente|[śs]ci[śs]le|estritamente|estrictamente|strictement"  # noqa: E501
# "secret"/"geheim" are markers as labels, but "keep it secret" is everyday speech.
WORD = rf"{KEEP_WORD}|secret|geheim|privileged|tajne"
LABEL = re.compile(
    rf"(?:^|[\[(]|\s[-–|:]\s)[ \t]*(?i:{WORD})[ \t]*(?:$|[\])]|\s?[-–:|]|\s*\n)"
    rf"|\b(?:CONFIDENTIAL|CONFIDENTIEL(?:LE)?|CONFIDENCIAL|VERTRAULICH|PRIVILEGED|VERTROUWELIJK"
    rf"|RISERVAT[OA]|CONFIDENZIALE|POUFNE|SIGILOS[OA]|CLASSIFIED)\b(?! (?:INFORMATION|AND MAY))"
    rf"|\bNE PAS DIFFUSER\b|\bNICHT VERTEILEN\b|\bNO DIFUNDIR\b|\bNIET VERSPREIDEN\b"
    rf"|^[ \t]*(?:SECRET|GEHEIM|TAJNE|TOP SECRET)\b|\b(?:SECRET|GEHEIM|TAJNE)[ \t]*(?:[-–:|/]|$)"
    rf"|\bTOP SECRET\b"
    # An instruction or a state ("keep it confidential", "must be kept confidential"), not
    # thanks for having done so ("everyone who kept them confidential").
    rf"|(?i:\b(?:keep|treat|remain|remains|stays?|(?:be|is|are|been|being) (?:kept|treated|held)"
    # (A contract's defined term, "keep all Confidential Information secret", is a clause.)
    rf")\b[^.\n]{{0,25}}\b(?:{KEEP_WORD})\b(?![ \t]+(?-i:Information))"
    rf"|\b(?:is|are) (?:strictly |highly )?confidential (?:under|until|and must|and not|for now)"
    rf"|\bconfidential until|\bvertraulich (?:behandeln|bis)|\bconfidentiel(?:le)? jusqu"
    rf"|\bnote confidentielle|\bconfidencial hasta)",
    re.MULTILINE,
)
# Instructions in Dutch, Italian, Polish and Portuguese, and a document called confidential
# ("this report is confidential", "documento riservato", "notatka poufna").
LABEL_MORE = re.compile(
    rf"(?i)\b(?:(?:behandel|blijft|houd|mantenere|rimane|resta|zachowa[ćc]|pozostaje|manter"
    rf"|mantenha|permanece|tratar)\b[^.\n]{{0,25}}\b(?:{KEEP_WORD})\b"
    rf"|vertrouwelijk (?:behandelen|tot)|riservat[oa] fino|poufne do|confidencial at[ée]"
    rf"|(?:{DOCUMENT}) (?:{IS}) (?:{STRICTLY} )?(?:{KEEP_WORD})\b"
    rf"|(?:{DOCUMENT}) (?:{KEEP_WORD})\b)"
)
# Other countries' classification levels, as labels in capitals (a heading, or before a dash
# or colon), like SECRET above: in running text these words are everyday speech.
LEVEL = (
    r"SEGRETO|SEGRETISSIMO|RISERVATISSIMO|SECRETO|SEGREDO|MUITO SECRETO|TR[ÈE]S SECRET"
    r"|ZEER GEHEIM|DEPARTEMENTAAL VERTROUWELIJK|VS-NUR F[ÜU]R DEN DIENSTGEBRAUCH|VS-NfD"
    r"|VS-VERTRAULICH|DIFUSI[ÓO]N LIMITADA|TAJNE|[ŚS]CI[ŚS]LE TAJNE"
    r"|S[Tt][Gg]\. (?:(?:ZEER|Zeer) )?(?:GEHEIM|Geheim)|S[Tt][Gg]\. (?:CONFIDENTIEEL|Confidentieel)"
)
LEVEL_LABEL = re.compile(
    rf"^[ \t]*(?:{LEVEL})(?![\w-])|(?<![\w-])(?:{LEVEL})[ \t]*(?:[-–:|/]|$)", re.MULTILINE
)
