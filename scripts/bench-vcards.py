#!/usr/bin/env python3
"""Writes COUNT synthetic vCard 4.0 cards, numbered from START, to stdout (the server benchmark's import files).

Every card has a distinct name, email and phone (so files with different START never duplicate each other), and
most carry a company, a title, a note, categories (from a small shared set of tags) and some a birthday. The import
still looks every card up (email, phone, name) among the contacts already there.
Usage: bench-vcards.py COUNT [START]
"""
import sys

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Frances", "Alan", "Radia", "Guido", "Sophie"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Allen", "Turing", "Perlman"]
COMPANIES = ["Initech", "Globex", "Hooli", "Umbrella", "Stark Industries", "Wayne Enterprises", "Acme", "Soylent"]
TAGS = ["conference", "swift", "rust", "friend", "client", "investor", "speaker", "meetup", "alumni", "oss"]


def card(n: int) -> str:
    first = FIRST[n % len(FIRST)]
    last = LAST[(n // len(FIRST)) % len(LAST)]
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"FN:{first} {last} {n}",
        f"N:{last} {n};{first};;;",
        f"EMAIL;TYPE=work:{first.lower()}.{last.lower()}.{n}@bench.example",
        f"TEL;TYPE=cell:+1 555 {n // 10000:03d} {n % 10000:04d}",
    ]
    if n % 5 != 0:
        lines.append(f"ORG:{COMPANIES[n % len(COMPANIES)]}")
        lines.append("TITLE:Engineer")
    if n % 3 == 0:
        lines.append(f"NOTE:Met at the {TAGS[n % len(TAGS)]} meetup\\, talked about compilers and coffee.")
    if n % 7 == 0:
        lines.append(f"BDAY:19{70 + n % 30}{1 + n % 12:02d}{1 + n % 28:02d}")
    if n % 2 == 0:
        lines.append(f"CATEGORIES:{TAGS[n % len(TAGS)]},{TAGS[(n // 10) % len(TAGS)]}")
    lines.append("END:VCARD")
    return "\r\n".join(lines) + "\r\n"


def main() -> None:
    count = int(sys.argv[1])
    start = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    out = sys.stdout
    for i in range(count):
        out.write(card(start + i))


if __name__ == "__main__":
    main()
