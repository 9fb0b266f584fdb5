"""The self-check's report: one result per Arkade 5 test, with Arkade's own numbers and names.

The names are Arkade 5's Norwegian display names (ArkadeTestDisplayNames.nb-NO.resx), so a line in
our report can be set beside the same line in Arkade's.
"""
from dataclasses import dataclass, field

TEST_NAMES = {
    "N5.01": "Kontroll av eksistens for XML-filene",
    "N5.02": "Validering av sjekksummer",
    "N5.03": "Validering av XML i henhold til skjema",
    "N5.04": "Antall arkiv",
    "N5.05": "Antall arkivdeler",
    "N5.06": "Status på arkivdeler",
    "N5.07": "Antall klassifikasjonssystem",
    "N5.08": "Antall klasser",
    "N5.10": "Antall mapper",
    "N5.16": "Antall registreringer",
    "N5.21": "Antall registreringer uten dokumentbeskrivelse",
    "N5.24": "Antall dokumentbeskrivelser uten dokumentobjekt",
    "N5.28": "Validering av antall dokumentfiler",
    "N5.30": "Dokumentfilers sjekksummer",
    "N5.32": "Refererte dokumenters eksistens",
    "N5.33": "Dokumentfiler som mangler referanse",
    "N5.34": "Dokumentfiler med referanse fra mer enn ett dokumentobjekt",
    "N5.42": "Antall skjerminger",
    "N5.46": "Antall konverterte dokumenter",
    "N5.47": "Systemidentifikasjoner",
    "N5.48": "Arkivdelreferanser",
    "N5.51": "Klassereferanser",
    "N5.59": "Antall journalposter",
    "N5.61": "Antall loggførte endringer",
    "N5.62": "Endringslogg-referanser til arkivstrukturen",
    "N5.63": "Elementer som mangler innhold",
    "N5.64": "Antall tomme dokumentfiler",
    # Møtebok's own tests beyond Arkade's list (not Arkade numbers):
    "MB.1": "Møtebok: referanser mellom enhetene i arkivstrukturen",
    "MB.2": "Møtebok: journalene mot journalpostene i arkivstrukturen",
    "MB.3": "Møtebok: skjermede titler i offentlig journal",
}

# At most this many messages per test in the printed report (all stay in TestResult.messages).
PRINTED_MESSAGES = 50


@dataclass
class TestResult:
    number: str
    name: str
    messages: list[str] = field(default_factory=list)  # one per fault, naming file and element
    details: list[str] = field(default_factory=list)  # figures reported when the test passes too

    __test__ = False  # not a pytest class

    @property
    def passed(self) -> bool:
        return not self.messages

    def line(self) -> str:
        head = f"{self.number} {self.name}: "
        if self.passed:
            return head + "OK" + (f" ({'; '.join(self.details)})" if self.details else "")
        lines = [head + f"FEIL: {len(self.messages)} feil" + (f" ({'; '.join(self.details)})" if self.details else "")]
        lines += [f"    {m}" for m in self.messages[:PRINTED_MESSAGES]]
        if len(self.messages) > PRINTED_MESSAGES:
            lines.append(f"    … og {len(self.messages) - PRINTED_MESSAGES} til")
        return "\n".join(lines)


@dataclass
class CheckReport:
    folder: str
    results: list[TestResult] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return all(r.passed for r in self.results)

    def result(self, number: str) -> TestResult:
        return next(r for r in self.results if r.number == number)

    def failed(self) -> list[TestResult]:
        return [r for r in self.results if not r.passed]

    def text(self) -> str:
        lines = [f"Kontroll av arkivuttrekk: {self.folder}"]
        lines += [r.line() for r in self.results]
        failed = self.failed()
        lines.append("Resultat: " + ("alle tester OK" if not failed
                                     else "FEIL i " + ", ".join(r.number for r in failed)))
        return "\n".join(lines)


class Results:
    """The results being gathered, in test-number order, created on first use."""

    def __init__(self):
        self._by_number = {n: TestResult(n, name) for n, name in TEST_NAMES.items()}

    def fail(self, number: str, message: str) -> None:
        self._by_number[number].messages.append(message)

    def info(self, number: str, detail: str) -> None:
        self._by_number[number].details.append(detail)

    def all(self) -> list[TestResult]:
        return list(self._by_number.values())
