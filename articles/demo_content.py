"""Original demo content for the Newsroom CMS.

All people, companies and events in this file are fictional; the text was written
specifically for this project. Pure data, no imports.
"""

from __future__ import annotations

SECTIONS = [
    dict(
        slug="politik",
        name_de="Politik",
        name_en="Politics",
        description="Nachrichten und Hintergründe aus Bundes-, Landes- und Kommunalpolitik.",
        parent=None,
        order=10,
        show_in_navigation=True,
    ),
    dict(
        slug="welt",
        name_de="Welt",
        name_en="World",
        description="Internationale Nachrichten, Analysen und Berichte unserer Partneragenturen.",
        parent=None,
        order=20,
        show_in_navigation=True,
    ),
    dict(
        slug="wirtschaft",
        name_de="Wirtschaft",
        name_en="Business",
        description="Unternehmen, Arbeitsmarkt und Verbraucherthemen aus der Region und der Welt.",
        parent=None,
        order=30,
        show_in_navigation=True,
    ),
    dict(
        slug="kultur",
        name_de="Kultur",
        name_en="Culture",
        description="Theater, Musik, Literatur und Ausstellungen – Kritiken und Vorberichte.",
        parent=None,
        order=40,
        show_in_navigation=True,
    ),
    dict(
        slug="sport",
        name_de="Sport",
        name_en="Sport",
        description="Ergebnisse, Spielberichte und Porträts aus dem Spitzen- und Breitensport.",
        parent=None,
        order=50,
        show_in_navigation=True,
    ),
    dict(
        slug="lokales",
        name_de="Lokales",
        name_en="Local",
        description="Was die Region bewegt: Berichte aus Stadt und Landkreis.",
        parent=None,
        order=60,
        show_in_navigation=True,
    ),
    dict(
        slug="neustadt",
        name_de="Neustadt",
        name_en="Neustadt",
        description="Aktuelles aus Neustadt am Fluss, seinen Stadtteilen und dem Rathaus.",
        parent="lokales",
        order=61,
        show_in_navigation=True,
    ),
]

CONTRIBUTORS = [
    dict(
        slug="joerg-mueller",
        name="Jörg Müller",
        kind="person",
        affiliation="",
        bio=(
            "Jörg Müller leitet das Lokalressort und berichtet seit vielen Jahren über den Sport "
            "in der Region. Er ist in Neustadt aufgewachsen."
        ),
    ),
    dict(
        slug="lukas-weiss",
        name="Lukas Weiß",
        kind="person",
        affiliation="",
        bio=(
            "Lukas Weiß schreibt über Theater, Musik und Literatur. Vor seinem Wechsel in die "
            "Redaktion arbeitete er als Dramaturg."
        ),
    ),
    dict(
        slug="tobias-franz",
        name="Tobias Franz",
        kind="person",
        affiliation="",
        bio=(
            "Tobias Franz berichtet über Kommunalpolitik, Verkehr und Stadtentwicklung in "
            "Neustadt am Fluss."
        ),
    ),
    dict(
        slug="aylin-oezdemir",
        name="Aylin Özdemir",
        kind="person",
        affiliation="",
        bio=(
            "Aylin Özdemir ist Wirtschaftsredakteurin mit Schwerpunkt Mittelstand und "
            "Arbeitsmarkt. Sie übersetzt außerdem Beiträge für die englischsprachige Ausgabe."
        ),
    ),
    dict(
        slug="hannah-krause",
        name="Hannah Krause",
        kind="person",
        affiliation="",
        bio=(
            "Hannah Krause ist Reporterin im Lokalressort und kümmert sich um Bildung, Soziales "
            "und Umwelt."
        ),
    ),
    dict(
        slug="sophie-brandt",
        name="Sophie Brandt",
        kind="person",
        affiliation="",
        bio=(
            "Sophie Brandt ist Fotografin der Redaktion. Ihre Schwerpunkte sind Reportage- und "
            "Sportfotografie."
        ),
    ),
    dict(
        slug="dpa",
        name="dpa",
        kind="organisation",
        affiliation="",
        bio=(
            "Die Deutsche Presse-Agentur (dpa) ist eine Nachrichtenagentur mit Sitz in Hamburg "
            "und liefert Meldungen aus dem In- und Ausland."
        ),
    ),
    dict(
        slug="reuters",
        name="Reuters",
        kind="organisation",
        affiliation="",
        bio=(
            "Reuters ist eine internationale Nachrichtenagentur mit Korrespondenten in aller Welt."
        ),
    ),
    dict(
        slug="mina-park",
        name="Mina Park",
        kind="person",
        affiliation="CNN",
        bio=(
            "Mina Park ist Korrespondentin für Klima- und Stadtthemen. Ihre Beiträge erscheinen "
            "bei uns im Rahmen einer Content-Partnerschaft."
        ),
    ),
]

ARTICLES = [
    dict(
        key="manoever-auenwald",
        section="neustadt",
        language="de",
        kicker="Bundeswehr-Übung",
        headline="Rund 600 Soldaten üben zwei Wochen lang im Auenwald bei Neustadt",
        standfirst=(
            "Ab Montag rollen Fahrzeuge der Bundeswehr durch das Umland. Die Stadt rechnet "
            "mit Umleitungen auf zwei Kreisstraßen und bittet Spaziergänger, gesperrte "
            "Wege zu meiden."
        ),
        body=(
            "<p>Im Auenwald nördlich von Neustadt am Fluss beginnt am kommenden Montag eine "
            "zweiwöchige Übung der Bundeswehr. Nach Angaben des zuständigen Landeskommandos "
            "nehmen rund 600 Soldaten sowie etwa 120 Rad- und Kettenfahrzeuge teil. Geübt werden "
            "vor allem der Bau von Behelfsbrücken über Nebenarme des Flusses und die Versorgung "
            "von Einheiten über längere Strecken.</p>\n"
            "<h2>Sperrungen auf zwei Kreisstraßen</h2>\n"
            "<p>Für die Anwohnerinnen und Anwohner wird die Übung vor allem im Straßenverkehr "
            "spürbar. Die Kreisstraßen K 12 zwischen Altdorf und dem Ortsteil Fährhaus sowie die "
            "K 17 am Wasserwerk werden zeitweise gesperrt, jeweils zwischen 7 und 18 Uhr. "
            "Umleitungen sind ausgeschildert. Der Linienbus 14 fährt in dieser Zeit eine "
            "Ersatzroute über die Bundesstraße.</p>\n"
            "<p>Das Ordnungsamt bittet außerdem darum, die markierten Übungsflächen nicht zu "
            "betreten. Wander- und Radwege im südlichen Teil des Auenwalds bleiben geöffnet, der "
            "Rundweg am Altarm ist dagegen bis zum Ende der Übung gesperrt.</p>\n"
            "<h2>Rücksicht auf Brutgebiete</h2>\n"
            "<p>Weil Teile des Geländes unter Naturschutz stehen, wurde die Übung mit der "
            "unteren Naturschutzbehörde des Landkreises abgestimmt. Zwei Uferabschnitte, an "
            "denen Eisvögel brüten, sind ausdrücklich ausgenommen. „Wir haben die Flächen "
            "gemeinsam abgegangen und klare Grenzen vereinbart“, sagte ein Sprecher der Behörde. "
            "Nach dem Ende der Übung sollen Schäden an Wegen und Wiesen gemeinsam begutachtet "
            "und auf Kosten des Bundes behoben werden.</p>\n"
            "<p>Oberbürgermeisterin Katrin Albers (parteilos) zeigte Verständnis für die Übung, "
            "bat aber um frühzeitige Information. Die Stadt hat dazu eine Telefon-Hotline "
            "eingerichtet, die werktags von 8 bis 16 Uhr erreichbar ist. Aktuelle Sperrzeiten "
            "veröffentlicht die Verwaltung zudem auf "
            '<a href="https://example.org/neustadt/sperrungen">ihrer Internetseite</a>.</p>\n'
            "<p>Am zweiten Samstag der Übung lädt die Bundeswehr zu einem Informationstag am "
            "Sportplatz Fährhaus ein. Dort können Besucherinnen und Besucher Fahrzeuge aus der "
            "Nähe sehen und Fragen an die beteiligten Einheiten stellen.</p>"
        ),
        tags=["Bundeswehr", "Neustadt am Fluss", "Verkehr"],
        credits=[("tobias-franz", "author"), ("sophie-brandt", "photographer")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=20,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="hochwasser-warnung",
        section="lokales",
        language="de",
        kicker="Hochwasser",
        headline="Pegel steigt: Stadt sperrt Uferpromenade und Tiefgarage am Markt",
        standfirst=(
            "Nach tagelangem Regen erwartet der Hochwassermeldedienst in Neustadt einen "
            "Pegelstand von mehr als fünf Metern. Die Stadt hat erste Schutzmaßnahmen "
            "eingeleitet."
        ),
        body=(
            "<p>Der Fluss wird in Neustadt voraussichtlich in der kommenden Nacht über die Ufer "
            "treten. Der Hochwassermeldedienst des Landes rechnet am Pegel Neustadt-Brücke mit "
            "einem Höchststand von 5,20 Metern am frühen Mittwochmorgen. Normal sind an dieser "
            "Stelle etwa 2,40 Meter. Die Stadt hat am Nachmittag die Uferpromenade zwischen der "
            "Alten Brücke und dem Hafenbecken gesperrt.</p>\n"
            "<h2>Was Anwohner jetzt wissen müssen</h2>\n"
            "<p>Die Feuerwehr hat begonnen, in der Unterstadt mobile Schutzwände aufzubauen. Die "
            "Verwaltung gibt folgende Hinweise:</p>\n"
            "<ul>\n"
            "<li>Die Tiefgarage am Markt wird ab 20 Uhr geräumt; Fahrzeuge, die danach noch dort "
            "stehen, werden abgeschleppt.</li>\n"
            "<li>Anwohner der Fischergasse und der Uferstraße sollen Keller räumen und "
            "Heizöltanks sichern.</li>\n"
            "<li>Sandsäcke werden am Bauhof in der Industriestraße kostenlos ausgegeben, solange "
            "der Vorrat reicht.</li>\n"
            "<li>Die Fähre nach Fährhaus stellt den Betrieb bis auf Weiteres ein.</li>\n"
            "</ul>\n"
            "<p>„Wir rechnen nicht mit einer Lage wie vor zwölf Jahren, aber wir nehmen die "
            "Prognose sehr ernst“, sagte der Leiter der Feuerwehr, Stefan Hollmann. Damals hatte "
            "das Wasser mehrere Straßenzüge der Altstadt überflutet und Schäden in Millionenhöhe "
            "verursacht.</p>\n"
            "<h2>Schulen bleiben vorerst geöffnet</h2>\n"
            "<p>Der Unterricht an den Schulen der Stadt findet nach derzeitigem Stand regulär "
            "statt. Eine Ausnahme ist die Grundschule am Hafen, deren Schülerinnen und Schüler "
            "am Mittwoch in der Gesamtschule Nord unterrichtet werden. Die Eltern werden über "
            "die Schulen informiert.</p>\n"
            "<p>Auch der Verkehr ist betroffen. Die Uferstraße wird ab 18 Uhr zwischen "
            "Fischergasse und Hafenbrücke für Autos gesperrt, die Buslinien 3 und 7 werden über "
            "die Ringstraße umgeleitet. Die Polizei bittet darum, die abgesperrten Bereiche "
            "nicht zu betreten und auf Fahrten zum Ufer aus Neugier zu verzichten. Wer helfen "
            "möchte, soll sich nicht eigenständig an den Schutzwänden aufhalten, sondern beim "
            "Bürgertelefon melden.</p>\n"
            "<p>Die Stadt hat ein Bürgertelefon eingerichtet. Aktuelle Pegelstände "
            'veröffentlicht das Land auf <a href="https://example.org/pegel/neustadt">seinem '
            "Hochwasserportal</a>. Wir aktualisieren diesen Artikel fortlaufend.</p>"
        ),
        tags=["Hochwasser", "Neustadt am Fluss", "Verkehr"],
        credits=[("hannah-krause", "author"), ("joerg-mueller", "contributor")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=1.5,
        status="published",
        translation_of=None,
        is_breaking=True,
        corrections=[],
    ),
    dict(
        key="kommunalfinanzen-umfrage",
        section="politik",
        language="de",
        kicker="Kommunalfinanzen",
        headline="Städte fordern mehr Geld für Schulen und Brücken",
        standfirst=(
            "Eine neue Umfrage zeigt: Viele Kommunen schieben Investitionen auf. Bund und "
            "Länder verweisen auf die eigenen Haushaltsnöte."
        ),
        body=(
            "<p>Die Städte und Gemeinden in Deutschland sehen sich immer weniger in der Lage, "
            "ihre Infrastruktur zu erhalten. Das geht aus einer Umfrage unter gut 400 Kommunen "
            "hervor, die ein Bündnis kommunaler Verbände am Dienstag in Berlin vorgestellt hat. "
            "Demnach haben mehr als zwei Drittel der befragten Städte im vergangenen Jahr "
            "geplante Investitionen verschoben oder ganz gestrichen.</p>\n"
            "<h2>Sanierungsstau bei Schulen und Brücken</h2>\n"
            "<p>Besonders groß ist der Rückstand laut der Umfrage bei Schulgebäuden, "
            "Straßenbrücken und Schwimmbädern. Viele Kommunen gaben an, dass steigende Baukosten "
            "und höhere Personalausgaben ihre Spielräume aufgezehrt hätten. Gleichzeitig seien "
            "neue Aufgaben hinzugekommen, etwa beim Ausbau der Ganztagsbetreuung an "
            "Grundschulen.</p>\n"
            "<p>„Wir reden nicht über Wünsche, sondern über Gebäude, die Kinder jeden Tag "
            "betreten“, sagte die Sprecherin des Bündnisses, Marianne Vogt. Sie forderte einen "
            "dauerhaft höheren Anteil der Kommunen an den Steuereinnahmen statt einzelner "
            "Förderprogramme, die aufwendig beantragt werden müssten.</p>\n"
            "<h2>Bund verweist auf die Länder</h2>\n"
            "<p>Aus dem Bundesfinanzministerium hieß es, der Bund unterstütze die Kommunen "
            "bereits in erheblichem Umfang, etwa bei den Kosten der Unterkunft für Bezieher von "
            "Sozialleistungen. Für die Finanzausstattung der Gemeinden seien nach dem "
            "Grundgesetz in erster Linie die Länder zuständig. Mehrere Länder wiederum verwiesen "
            "auf ihre eigenen angespannten Haushalte.</p>\n"
            "<p>Auch in Neustadt am Fluss ist das Thema präsent: Der Stadtrat hatte im Frühjahr "
            "die Sanierung der Realschule Mitte um zwei Jahre verschoben. Stadtkämmerer Ralf "
            "Degenhardt bezeichnete die Ergebnisse der Umfrage auf Nachfrage als „leider sehr "
            "realistisch“.</p>\n"
            "<p>Die Verbände wollen ihre Forderungen im Herbst bei einem Treffen mit Vertretern "
            "von Bund und Ländern vorlegen. Ein Termin steht noch nicht fest.</p>"
        ),
        tags=["Kommunalfinanzen", "Schulen", "Stadtrat"],
        credits=[("dpa", "author"), ("joerg-mueller", "editor")],
        dateline="Berlin",
        source="dpa",
        canonical_url="",
        hours_ago=30,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="duerre-fruehwarnsystem",
        section="welt",
        language="de",
        kicker="Klimaanpassung",
        headline="Mehr als 40 Staaten wollen Dürren früher erkennen",
        standfirst=(
            "Auf einer Konferenz in Genf haben sich Regierungsvertreter auf ein "
            "gemeinsames Frühwarnsystem verständigt. Hilfsorganisationen vermissen "
            "konkrete Finanzzusagen."
        ),
        body=(
            "<p>Mehr als 40 Staaten haben sich auf den Aufbau eines gemeinsamen Frühwarnsystems "
            "für Dürren verständigt. Eine entsprechende Erklärung wurde zum Abschluss einer "
            "dreitägigen Konferenz in Genf verabschiedet. Ziel ist es, Daten von Wetterdiensten, "
            "Satelliten und landwirtschaftlichen Messstationen zusammenzuführen und betroffene "
            "Regionen mehrere Monate im Voraus zu warnen.</p>\n"
            "<h2>Daten sollen frei zugänglich sein</h2>\n"
            "<p>Nach der Erklärung sollen die beteiligten Länder ihre Niederschlags- und "
            "Bodenfeuchtedaten künftig in einem einheitlichen Format bereitstellen. Ein "
            "technisches Sekretariat soll daraus regelmäßig Lageberichte erstellen. Die Berichte "
            "sollen öffentlich einsehbar sein, damit auch Landwirte und Hilfsorganisationen sie "
            "nutzen können.</p>\n"
            "<p>„Eine Dürre kommt nicht über Nacht. Wer die Zeichen früh erkennt, kann Saatgut, "
            "Wasser und Futter rechtzeitig umverteilen“, sagte ein an den Verhandlungen "
            "beteiligter Meteorologe. Studien zufolge lassen sich die Folgekosten von Dürren "
            "durch frühzeitige Vorsorge deutlich senken.</p>\n"
            "<h2>Kritik an fehlenden Finanzzusagen</h2>\n"
            "<p>Entwicklungsorganisationen begrüßten die Einigung grundsätzlich, bemängelten "
            "aber, dass die Finanzierung offen bleibe. Gerade ärmere Länder verfügten oft nicht "
            "über ausreichend Messstationen. Ohne Geld für Technik und Personal drohe das System "
            "genau dort Lücken zu haben, wo Dürren die größten Schäden anrichteten.</p>\n"
            "<p>Hintergrund sind die zunehmenden Dürreperioden der vergangenen Jahre, die in "
            "vielen Regionen zu Ernteausfällen und steigenden Lebensmittelpreisen geführt haben. "
            "Auch in Mitteleuropa haben trockene Sommer Landwirtschaft und Forstbetriebe vor "
            "Probleme gestellt. Bisher betreiben viele Staaten eigene Beobachtungssysteme, die "
            "jedoch unterschiedliche Messmethoden nutzen und deren Ergebnisse sich nur schwer "
            "vergleichen lassen.</p>\n"
            "<p>Die Teilnehmerstaaten wollen bis zum kommenden Frühjahr einen Finanzierungsplan "
            "vorlegen. Ein erster Probebetrieb ist für zwei Regionen in Ostafrika und Südeuropa "
            "vorgesehen. Auch Deutschland will sich an dem Vorhaben beteiligen; der Deutsche "
            "Wetterdienst soll technische Unterstützung leisten.</p>"
        ),
        tags=["Klimaschutz", "Landwirtschaft", "Internationale Politik"],
        credits=[("reuters", "author"), ("lukas-weiss", "editor")],
        dateline="",
        source="Reuters",
        canonical_url="",
        hours_ago=9,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="brenner-neues-werk",
        section="wirtschaft",
        language="de",
        kicker="Industrie",
        headline="Pumpenhersteller Brenner & Söhne schafft 180 neue Arbeitsplätze in Neustadt",
        standfirst=(
            "Das Familienunternehmen investiert rund 45 Millionen Euro in ein neues Werk "
            "im Gewerbegebiet Am Hafen. Die Produktion soll in zwei Jahren anlaufen."
        ),
        body=(
            "<p>Der Pumpenhersteller Brenner &amp; Söhne erweitert seinen Stammsitz in Neustadt "
            "am Fluss. Das Familienunternehmen will im Gewerbegebiet Am Hafen eine neue "
            "Fertigungshalle errichten und dafür rund 45 Millionen Euro investieren. Bis zu 180 "
            "neue Arbeitsplätze sollen entstehen, teilte die Geschäftsführung am Donnerstag mit. "
            "Derzeit beschäftigt das Unternehmen in Neustadt etwa 620 Menschen.</p>\n"
            "<h2>Pumpen für Wärmepumpen und Fernwärme</h2>\n"
            "<p>In dem neuen Werk sollen vor allem Umwälzpumpen für Wärmepumpen und "
            "Fernwärmenetze gebaut werden. Die Nachfrage in diesem Bereich sei in den "
            "vergangenen drei Jahren stark gestiegen, sagte Geschäftsführerin Claudia Brenner. "
            "„Wir haben lange überlegt, ob wir im Ausland bauen. Am Ende haben die Fachkräfte "
            "und die kurzen Wege hier in der Region den Ausschlag gegeben.“</p>\n"
            "<p>Das Unternehmen wurde 1921 als Schlosserei gegründet und wird heute in vierter "
            "Generation geführt. Neben Pumpen für Heizungsanlagen stellt es Technik für "
            "Kläranlagen und Wasserwerke her. Rund die Hälfte des Umsatzes wird im Ausland "
            "erzielt.</p>\n"
            "<h2>Stadt sieht Signal für den Standort</h2>\n"
            "<p>Die Stadtverwaltung hatte dem Unternehmen die etwa sechs Hektar große Fläche im "
            "Frühjahr angeboten. Wirtschaftsförderer Mehmet Aksoy sprach von einem „wichtigen "
            "Signal für den Industriestandort“. Zuletzt hatten zwei Zulieferbetriebe in der "
            "Region Stellen abgebaut.</p>\n"
            "<p>Die Gewerkschaft begrüßte die Pläne und kündigte an, sich für tarifgebundene "
            "Arbeitsplätze im neuen Werk einzusetzen. Der Betriebsrat will zudem erreichen, dass "
            "Beschäftigte aus dem bestehenden Werk bevorzugt in die neuen Positionen wechseln "
            "können.</p>\n"
            "<p>Baubeginn soll im kommenden Frühjahr sein, sofern der Stadtrat den Bebauungsplan "
            "wie vorgesehen im Dezember beschließt. Gesucht werden vor allem "
            "Industriemechaniker, Elektroniker und Fachkräfte für Lagerlogistik. Außerdem will "
            "das Unternehmen die Zahl seiner Ausbildungsplätze verdoppeln.</p>"
        ),
        tags=["Arbeitsmarkt", "Neustadt am Fluss", "Stadtrat"],
        credits=[("aylin-oezdemir", "author")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=28,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="stadttheater-treibholz",
        section="kultur",
        language="de",
        kicker="Stadttheater",
        headline="Neue Intendantin eröffnet die Spielzeit mit einem Stück über den Fluss",
        standfirst=(
            "Mit der Uraufführung von „Treibholz“ über eine Flößerfamilie startet das "
            "Stadttheater Neustadt in die Saison. Das Publikum reagierte mit langem "
            "Applaus."
        ),
        body=(
            "<p>Das Stadttheater Neustadt hat die neue Spielzeit mit einer Uraufführung "
            "eröffnet. „Treibholz“ erzählt die Geschichte einer Flößerfamilie über drei "
            "Generationen, vom Holzhandel im 19. Jahrhundert bis zum Bau der Staustufe in den "
            "1960er Jahren. Es ist die erste Premiere unter der neuen Intendantin Johanna "
            "Seidel, die im Sommer von einer Bühne in Norddeutschland nach Neustadt gewechselt "
            "ist.</p>\n"
            "<h2>Geschichten aus der Stadt</h2>\n"
            "<p>Für das Stück hat das Ensemble im vergangenen Jahr Gespräche mit älteren "
            "Neustädterinnen und Neustädtern geführt. Einige Passagen wurden fast wörtlich "
            "übernommen, andere sind frei erfunden. Die Bühne besteht aus einer schrägen "
            "Holzfläche, die im Verlauf des Abends langsam unter Wasser gesetzt wird – ein Bild, "
            "das im Saal für hörbares Raunen sorgte.</p>\n"
            "<p>Im Programmheft beschreibt Seidel ihr Vorhaben so:</p>\n"
            "<blockquote><p>„Ein Stadttheater sollte nicht nur Stücke spielen, die überall "
            "gespielt werden. Es sollte auch die Geschichten erzählen, die nur hier erzählt "
            "werden können – und die Menschen, die sie erlebt haben, in den Saal "
            "holen.“</p></blockquote>\n"
            "<h2>Starkes Ensemble, kleine Längen</h2>\n"
            "<p>Getragen wird der Abend vor allem von den Darstellerinnen und Darstellern. "
            "Besonders Lena Hartwig als Großmutter, die im letzten Bild ihr Haus am Ufer "
            "verlassen muss, bleibt im Gedächtnis. Im zweiten Teil hat die Inszenierung "
            "allerdings einige Längen, wenn sich Szenen aus Gerichtsakten und Zeitungsberichten "
            "aneinanderreihen.</p>\n"
            "<p>Das Publikum bedankte sich am Ende mit fast zehn Minuten Applaus. Unter den "
            "Premierengästen waren auch mehrere der Zeitzeugen, deren Erinnerungen in das Stück "
            "eingeflossen sind.</p>\n"
            "<p>„Treibholz“ ist bis Dezember an zehn weiteren Abenden zu sehen. Karten gibt es "
            "an der Theaterkasse und über "
            '<a href="https://example.org/stadttheater-neustadt/spielplan">den '
            "Online-Spielplan</a>. Für Schulklassen bietet das Theater vergünstigte "
            "Vorstellungen am Vormittag an.</p>"
        ),
        tags=["Theater", "Kultur in Neustadt", "Neustadt am Fluss"],
        credits=[("lukas-weiss", "author"), ("sophie-brandt", "photographer")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=45,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="fc-neustadt-derby",
        section="sport",
        language="de",
        kicker="Fußball, Oberliga",
        headline="FC Neustadt gewinnt das Derby gegen Altdorf in der Nachspielzeit",
        standfirst=(
            "Vor fast 4000 Zuschauern trifft Joker Niklas Berger in der 93. Minute zum "
            "2:1. Der FC springt damit auf Platz drei der Tabelle."
        ),
        body=(
            "<p>Der FC Neustadt 1912 hat das Derby gegen den SV Altdorf mit 2:1 (0:1) gewonnen. "
            "Den Siegtreffer erzielte der eingewechselte Niklas Berger in der dritten Minute der "
            "Nachspielzeit per Kopf nach einer Ecke. Im Stadion an der Flussaue sahen 3870 "
            "Zuschauer ein intensives, lange ausgeglichenes Spiel.</p>\n"
            "<h2>Altdorf kontert klug</h2>\n"
            "<p>Die Gäste waren nach einer halben Stunde in Führung gegangen. Nach einem "
            "Ballverlust im Mittelfeld schaltete Altdorf schnell um, Kapitän Dennis Roth schob "
            "aus kurzer Distanz ein. Neustadt hatte zwar mehr Ballbesitz, fand gegen die tief "
            "stehende Abwehr der Gäste aber lange kein Mittel.</p>\n"
            "<p>Erst nach der Pause wurde der FC zwingender. In der 61. Minute köpfte "
            "Innenverteidiger Marco Yilmaz nach einem Freistoß zum Ausgleich ein. Danach "
            "drängten die Gastgeber auf den Sieg. Altdorf verteidigte mit viel Einsatz und hatte "
            "Glück, als Neustadts Stürmer Jonas Petersen nur die Latte traf.</p>\n"
            "<h2>Trainerin lobt die Moral</h2>\n"
            "<p>„Wir haben nicht immer gut gespielt, aber die Mannschaft hat bis zum Schluss "
            "daran geglaubt“, sagte Neustadts Trainerin Sabine Kolb nach dem Spiel. Ihr "
            "Altdorfer Kollege sprach von einem „bitteren Nachmittag“ für seine Mannschaft, die "
            "in der zweiten Halbzeit kaum noch Entlastung gefunden habe.</p>\n"
            "<p>Mit dem Sieg klettert der FC Neustadt auf den dritten Tabellenplatz und hat nur "
            "noch zwei Punkte Rückstand auf Spitzenreiter Eintracht Bergheim. Altdorf bleibt mit "
            "14 Punkten im Mittelfeld. Am kommenden Wochenende tritt der FC auswärts beim "
            "Tabellenletzten an.</p>\n"
            "<p>Das Spiel verlief nach Angaben der Polizei weitgehend friedlich. Vor dem Anpfiff "
            "hatten beide Fanlager gemeinsam Spenden für die Jugendabteilungen der Vereine "
            "gesammelt. Der Erlös von gut 2500 Euro soll in neue Trainingsausrüstung für die "
            "Nachwuchsteams fließen.</p>"
        ),
        tags=["Fußball", "FC Neustadt", "Neustadt am Fluss"],
        credits=[("joerg-mueller", "author"), ("sophie-brandt", "photographer")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=52,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[
            (
                (
                    "Korrektur: In einer früheren Fassung dieses Artikels hieß es, der Ausgleich "
                    "sei in der 65. Minute gefallen. Richtig ist die 61. Minute."
                ),
                2,
            ),
        ],
    ),
    dict(
        key="stadtbibliothek-eroeffnung",
        section="neustadt",
        language="de",
        kicker="Stadtbibliothek",
        headline="Stadtbibliothek öffnet nach Umbau mit deutlich längeren Öffnungszeiten",
        standfirst=(
            "Nach 18 Monaten Bauzeit ist die Bibliothek am Lindenplatz wieder geöffnet. "
            "Neu sind ein Lernbereich, eine offene Werkstatt und Zugang bis 22 Uhr."
        ),
        body=(
            "<p>Nach anderthalb Jahren Umbau ist die Stadtbibliothek am Lindenplatz am Samstag "
            "wieder eröffnet worden. Schon in der ersten Stunde kamen nach Angaben der Stadt "
            "mehr als 500 Besucherinnen und Besucher. Der Umbau hat rund 7,8 Millionen Euro "
            "gekostet, knapp die Hälfte davon trug das Land aus einem Förderprogramm.</p>\n"
            "<h2>Das ist neu</h2>\n"
            "<p>Das Gebäude aus den 1970er Jahren wurde energetisch saniert und innen weitgehend "
            "neu aufgeteilt. Zu den wichtigsten Neuerungen gehören:</p>\n"
            "<ul>\n"
            "<li>ein Lernbereich mit 60 Arbeitsplätzen im ersten Obergeschoss, der sich vor "
            "allem an Schülerinnen, Schüler und Studierende richtet;</li>\n"
            "<li>eine offene Werkstatt mit 3D-Drucker, Nähmaschinen und Werkzeug, die nach einer "
            "Einweisung genutzt werden kann;</li>\n"
            "<li>ein eigener Raum für Kinder bis zehn Jahre mit Vorlesebereich;</li>\n"
            "<li>Rückgabeautomaten, an denen Medien rund um die Uhr abgegeben werden "
            "können.</li>\n"
            "</ul>\n"
            "<h2>Offen bis 22 Uhr</h2>\n"
            "<p>Auch die Öffnungszeiten ändern sich. Montags bis freitags ist die Bibliothek "
            "künftig von 10 bis 22 Uhr geöffnet, samstags von 10 bis 16 Uhr. In den Abendstunden "
            "ist kein Personal vor Ort; Nutzerinnen und Nutzer ab 18 Jahren kommen dann mit "
            "ihrem Bibliotheksausweis hinein. Das Modell wird bereits in mehreren Städten "
            "erprobt.</p>\n"
            "<p>„Eine Bibliothek ist heute mehr als ein Bücherlager. Sie ist einer der wenigen "
            "Orte, an denen man sich aufhalten kann, ohne etwas kaufen zu müssen“, sagte "
            "Bibliotheksleiterin Ute Sommerfeld bei der Eröffnung.</p>\n"
            "<p>Der Jahresbeitrag für Erwachsene bleibt bei 15 Euro. Kinder und Jugendliche "
            "sowie Inhaber des Neustadt-Passes nutzen die Bibliothek weiterhin kostenlos. Bis "
            "Ende des Monats bietet das Team täglich um 17 Uhr Führungen durch das umgebaute "
            "Haus an. Für Menschen, die nicht mehr gut zu Fuß sind, gibt es zudem einen "
            "Bringdienst: Ehrenamtliche liefern bestellte Bücher nach Hause.</p>"
        ),
        tags=["Neustadt am Fluss", "Schulen", "Kultur in Neustadt"],
        credits=[("hannah-krause", "author"), ("sophie-brandt", "photographer")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=70,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[
            (
                (
                    "Korrektur: In einer früheren Fassung dieses Artikels hieß es, die Bibliothek "
                    "sei auch sonntags geöffnet. Das ist nicht der Fall; sonntags bleibt sie "
                    "geschlossen."
                ),
                2,
            ),
        ],
    ),
    dict(
        key="buergerentscheid-strassenbahn",
        section="politik",
        language="de",
        kicker="Bürgerentscheid",
        headline="Neustadt stimmt im März über die Rückkehr der Straßenbahn ab",
        standfirst=(
            "Der Stadtrat hat den Weg für einen Bürgerentscheid freigemacht. Befürworter "
            "versprechen weniger Autoverkehr, Gegner warnen vor hohen Kosten."
        ),
        body=(
            "<p>Die Bürgerinnen und Bürger von Neustadt am Fluss sollen im März darüber "
            "entscheiden, ob die Stadt wieder eine Straßenbahn bekommt. Der Stadtrat stimmte am "
            "Donnerstagabend mit 31 zu 17 Stimmen dafür, die Frage zur Abstimmung zu stellen. "
            "Zuvor hatte eine Bürgerinitiative mehr als 9000 Unterschriften gesammelt.</p>\n"
            "<h2>Eine Linie von Nord nach Süd</h2>\n"
            "<p>Geplant ist zunächst eine rund elf Kilometer lange Strecke vom Bahnhof Nord über "
            "die Innenstadt bis zum Klinikum im Süden. Die Stadtwerke rechnen mit Baukosten von "
            "etwa 310 Millionen Euro. Bund und Land könnten nach den derzeitigen Förderregeln "
            "einen Großteil davon übernehmen; die Stadt müsste nach eigenen Berechnungen rund 60 "
            "Millionen Euro selbst tragen.</p>\n"
            "<p>Die letzte Straßenbahn war in Neustadt 1961 gefahren. Danach übernahmen Busse "
            "den Nahverkehr. Heute sind die Linien in der Innenstadt zu Stoßzeiten häufig "
            "überlastet.</p>\n"
            "<h2>Streit um Kosten und Bauzeit</h2>\n"
            "<p>Befürworter verweisen auf Erfahrungen anderer Städte, in denen nach dem Bau "
            "einer Straßenbahn deutlich mehr Menschen den Nahverkehr nutzten. „Ein Bus mehr auf "
            "der Hauptstraße löst das Problem nicht“, sagte eine Sprecherin der Initiative.</p>\n"
            "<p>Kritiker im Stadtrat halten die Pläne dagegen für zu teuer und zu riskant. Sie "
            "fürchten, dass Kostensteigerungen am Ende allein an der Stadt hängen bleiben, und "
            "verweisen auf jahrelange Bauarbeiten in der Innenstadt. Der Einzelhandelsverband "
            "forderte ein Konzept, wie Geschäfte während der Bauzeit erreichbar bleiben.</p>\n"
            "<p>Damit der Bürgerentscheid gültig ist, muss die Mehrheit der Abstimmenden "
            "zustimmen, und diese Mehrheit muss mindestens 20 Prozent der Wahlberechtigten "
            "ausmachen. Die Stadt will im Januar eine Informationsbroschüre an alle Haushalte "
            "verschicken. Zudem sind zwei Bürgerversammlungen geplant, bei denen die Stadtwerke "
            "ihre Planungen vorstellen und Fragen beantworten wollen.</p>"
        ),
        tags=["Stadtrat", "Verkehr", "Neustadt am Fluss"],
        credits=[("tobias-franz", "author"), ("hannah-krause", "contributor")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=3,
        status="draft",
        translation_of=None,
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="jazz-am-fluss-vorschau",
        section="kultur",
        language="de",
        kicker="Festival",
        headline="„Jazz am Fluss“: Zwölf Konzerte an vier Tagen in der Altstadt",
        standfirst=(
            "Das Festival kehrt nach zwei Jahren Pause zurück. Neben Bands aus "
            "Skandinavien und Westafrika spielen auch junge Musikerinnen und Musiker aus "
            "der Region."
        ),
        body=(
            "<p>Nach zwei Jahren Pause kehrt das Festival „Jazz am Fluss“ nach Neustadt zurück. "
            "An vier Tagen sind zwölf Konzerte an fünf Spielorten in der Altstadt geplant, "
            "darunter der Innenhof des Alten Zollhauses und ein umgebautes Frachtschiff im "
            "Hafen. Die Veranstalter erwarten insgesamt rund 6000 Besucherinnen und "
            "Besucher.</p>\n"
            "<h2>Das Programm</h2>\n"
            "<p>Zu den Höhepunkten zählen nach Einschätzung der Veranstalter:</p>\n"
            "<ol>\n"
            "<li>das Eröffnungskonzert eines norwegischen Trios, das Jazz mit Volksmusik aus den "
            "Fjorden verbindet;</li>\n"
            "<li>ein Auftritt der Saxofonistin Abena Owusu-Lind mit ihrer Band aus Accra am "
            "Samstagabend auf dem Frachtschiff;</li>\n"
            "<li>das Abschlusskonzert der Big Band der Musikhochschule gemeinsam mit dem "
            "Jugendjazzorchester des Landkreises.</li>\n"
            "</ol>\n"
            "<p>Neu ist in diesem Jahr eine Reihe kostenloser Konzerte am Nachmittag auf dem "
            "Marktplatz. Dort treten Schulbands und Ensembles der städtischen Musikschule auf. "
            "„Wir wollen, dass auch Menschen den Weg zum Festival finden, die sich sonst nie "
            "eine Jazzkarte kaufen würden“, sagte Festivalleiter Daniel Okafor.</p>\n"
            "<h2>Finanzierung wieder gesichert</h2>\n"
            "<p>Das Festival war zuletzt ausgefallen, weil ein Hauptsponsor ausgestiegen war und "
            "die Kosten für Technik und Sicherheit gestiegen waren. Inzwischen tragen die Stadt, "
            "eine regionale Stiftung und mehrere lokale Unternehmen das Budget von rund 280.000 "
            "Euro gemeinsam.</p>\n"
            "<p>Für die Altstadt bedeutet das Festival auch organisatorischen Aufwand. Während "
            "der vier Tage wird der Marktplatz abends für den Autoverkehr gesperrt, Anwohner "
            "erhalten Durchfahrtsgenehmigungen. Nach 22 Uhr sollen die Konzerte im Freien enden; "
            "danach wird nur noch in geschlossenen Räumen gespielt. Die Stadtwerke setzen an den "
            "Festivalabenden zusätzliche Nachtbusse in die Stadtteile ein.</p>\n"
            "<p>Tageskarten kosten 35 Euro, ermäßigt 20 Euro, ein Festivalpass für alle vier "
            "Tage 110 Euro. Der Vorverkauf läuft über "
            '<a href="https://example.org/jazz-am-fluss/tickets">die Festivalseite</a> und die '
            "Tourist-Information am Markt. Für das Konzert auf dem Frachtschiff gibt es nur 250 "
            "Plätze.</p>"
        ),
        tags=["Musik", "Kultur in Neustadt", "Neustadt am Fluss"],
        credits=[("lukas-weiss", "author")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=-48,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="removable-flood-walls",
        section="welt",
        language="en",
        kicker="Climate adaptation",
        headline="Cities turn to removable flood walls as heavy rain becomes more frequent",
        standfirst=(
            "From northern Europe to Southeast Asia, planners are testing barriers that "
            "can be set up within hours. Engineers say they buy time but cannot replace "
            "long-term planning."
        ),
        body=(
            "<p>In a growing number of river and coastal cities, the first line of defence "
            "against flooding no longer looks like a concrete wall. It arrives on trucks, is "
            "bolted together within a few hours and disappears again once the water has gone. "
            "Removable flood barriers, once a niche product, are becoming a standard part of "
            "municipal emergency planning.</p>\n"
            "<h2>Speed over permanence</h2>\n"
            "<p>The systems vary, but most rely on aluminium beams slotted between posts that "
            "are permanently anchored in the ground. When the barriers are not in use, only "
            "small metal plates in the pavement are visible. City officials say this allows them "
            "to protect historic waterfronts without blocking views of, or access to, the water "
            "for most of the year.</p>\n"
            "<p>“A permanent wall would have cut the old town off from its river,” said one "
            "municipal engineer involved in planning such a system. “This way, people hardly "
            "notice the protection until the day they need it.”</p>\n"
            "<h2>Limits of the technology</h2>\n"
            "<p>Experts caution that mobile barriers depend heavily on warning times and trained "
            "crews. Setting up several kilometres of wall can take a full day, and a single "
            "missing section can make the whole line useless. Several cities now hold annual "
            "drills in which fire crews and municipal workers practise assembling the barriers "
            "against the clock.</p>\n"
            "<p>Cost is another concern. Although cheaper than rebuilding entire embankments, "
            "the systems still require storage space, regular maintenance and staff. Smaller "
            "towns often share equipment with neighbouring communities, which can lead to "
            "shortages when a storm hits a whole region at once.</p>\n"
            "<h2>Part of a wider strategy</h2>\n"
            "<p>Hydrologists stress that barriers are only one element of flood protection. "
            "Restoring floodplains, giving rivers room to spread and limiting new construction "
            "in high-risk areas remain the most effective long-term measures, they say. For now, "
            "though, many cities see removable walls as a practical way to gain time while those "
            "larger projects are planned and funded.</p>"
        ),
        tags=["Climate", "Flooding", "Cities"],
        credits=[("mina-park", "author")],
        dateline="",
        source="",
        canonical_url="https://example.org/world/removable-flood-walls",
        hours_ago=14,
        status="published",
        translation_of=None,
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="manoever-auenwald-en",
        section="neustadt",
        language="en",
        kicker="Bundeswehr exercise",
        headline="Around 600 soldiers to train for two weeks in forest near Neustadt",
        standfirst=(
            "Military vehicles will be on local roads from Monday. The city expects "
            "diversions on two district roads and is asking walkers to stay off closed "
            "paths."
        ),
        body=(
            "<p>A two-week Bundeswehr exercise begins next Monday in the Auenwald forest north "
            "of Neustadt am Fluss. According to the regional military command, around 600 "
            "soldiers and some 120 wheeled and tracked vehicles will take part. The exercise "
            "will focus on building temporary bridges across side channels of the river and on "
            "supplying units over long distances.</p>\n"
            "<h2>Closures on two district roads</h2>\n"
            "<p>For residents, the exercise will mainly be noticeable on the roads. District "
            "road K 12 between Altdorf and the Fährhaus neighbourhood and the K 17 near the "
            "waterworks will be closed at times, between 7 a.m. and 6 p.m. Diversions will be "
            "signposted. During these hours, bus route 14 will run on a replacement route via "
            "the federal highway.</p>\n"
            "<p>The city's public order office is also asking people not to enter the marked "
            "training areas. Hiking and cycling paths in the southern part of the Auenwald "
            "remain open, while the circular trail along the oxbow lake will be closed until the "
            "exercise ends.</p>\n"
            "<h2>Protecting breeding grounds</h2>\n"
            "<p>Because parts of the area are protected, the exercise was planned together with "
            "the district's nature conservation authority. Two stretches of riverbank where "
            "kingfishers breed are explicitly excluded. “We walked the sites together and agreed "
            "on clear boundaries,” a spokesperson for the authority said. Once the exercise is "
            "over, damage to paths and meadows will be assessed jointly and repaired at the "
            "federal government's expense.</p>\n"
            "<p>Mayor Katrin Albers, who has no party affiliation, said she understood the need "
            "for the exercise but asked to be kept informed early. The city has set up a "
            "telephone hotline, available on weekdays from 8 a.m. to 4 p.m. Current closure "
            'times are also published on <a href="https://example.org/neustadt/sperrungen">the '
            "city's website</a>.</p>\n"
            "<p>On the second Saturday of the exercise, the Bundeswehr is inviting the public to "
            "an open day at the Fährhaus sports ground, where visitors can see the vehicles up "
            "close and put questions to the units involved.</p>"
        ),
        tags=["Bundeswehr", "Neustadt am Fluss", "Traffic"],
        credits=[
            ("tobias-franz", "author"),
            ("aylin-oezdemir", "translator"),
            ("sophie-brandt", "photographer"),
        ],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=16,
        status="published",
        translation_of="manoever-auenwald",
        is_breaking=False,
        corrections=[],
    ),
    dict(
        key="brenner-neues-werk-en",
        section="wirtschaft",
        language="en",
        kicker="Industry",
        headline="Pump maker Brenner & Söhne to create 180 jobs in Neustadt",
        standfirst=(
            "The family-owned company is investing around 45 million euros in a new plant "
            "at the Am Hafen business park. Production is due to start in two years."
        ),
        body=(
            "<p>Pump manufacturer Brenner &amp; Söhne is expanding at its home base in Neustadt "
            "am Fluss. The family-owned company plans to build a new production hall at the Am "
            "Hafen business park, investing around 45 million euros. Up to 180 new jobs will be "
            "created, the management announced on Thursday. The company currently employs about "
            "620 people in Neustadt.</p>\n"
            "<h2>Pumps for heat pumps and district heating</h2>\n"
            "<p>The new plant will mainly produce circulation pumps for heat pumps and district "
            "heating networks. Demand in this area has risen sharply over the past three years, "
            "said managing director Claudia Brenner. “We thought for a long time about building "
            "abroad. In the end, the skilled workforce and the short distances here in the "
            "region tipped the balance.”</p>\n"
            "<p>The company was founded in 1921 as a metalworking shop and is now run by the "
            "fourth generation of the family. Besides pumps for heating systems, it makes "
            "equipment for sewage treatment plants and waterworks. Around half of its revenue is "
            "generated abroad.</p>\n"
            "<h2>City sees a signal for local industry</h2>\n"
            "<p>The city administration offered the company the site of about six hectares in "
            "the spring. Economic development officer Mehmet Aksoy called the decision “an "
            "important signal for Neustadt as an industrial location”. Two suppliers in the "
            "region recently cut jobs.</p>\n"
            "<p>The trade union welcomed the plans and said it would push for jobs covered by "
            "collective agreements at the new plant. The works council also wants staff from the "
            "existing factory to be given priority for the new positions.</p>\n"
            "<p>Construction is due to begin next spring, provided the city council approves the "
            "development plan in December as scheduled. The company is mainly looking for "
            "industrial mechanics, electronics technicians and logistics specialists. It also "
            "intends to double the number of apprenticeships it offers.</p>"
        ),
        tags=["Jobs", "Neustadt am Fluss", "Industry"],
        credits=[("aylin-oezdemir", "author"), ("lukas-weiss", "translator")],
        dateline="Neustadt",
        source="",
        canonical_url="",
        hours_ago=24,
        status="published",
        translation_of="brenner-neues-werk",
        is_breaking=False,
        corrections=[],
    ),
]
