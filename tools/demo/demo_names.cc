#include "tools/demo/demo_names.h"

#include <array>
#include <cstddef>
#include <span>

#include "absl/strings/str_cat.h"

namespace escala::demo {
namespace {

constexpr std::array kSpanishGivenNames = {
    "María",  "José",     "Lucía",   "Carlos",    "Ana",      "Javier",  "Carmen", "Luis",
    "Sofía",  "Miguel",   "Valeria", "Alejandro", "Paula",    "Diego",   "Elena",  "Andrés",
    "Isabel", "Fernando", "Camila",  "Pablo",     "Daniela",  "Raúl",    "Marta",  "Sergio",
    "Laura",  "Jorge",    "Natalia", "Iván",      "Gabriela", "Ramón",   "Julia",  "Tomás",
    "Rocío",  "Héctor",   "Inés",    "Óscar",     "Ximena",   "Joaquín", "Pilar",  "Mateo"};

// Compound given names are common in Spain and Latin America.
constexpr std::array kSpanishSecondGivenNames = {"José",  "Luisa", "Antonio", "Fernanda",
                                                 "Ángel", "Elena", "Manuel",  "Victoria"};

constexpr std::array kSpanishSurnames = {
    "García",   "Fernández", "González", "Rodríguez", "López",   "Martínez",  "Sánchez",
    "Pérez",    "Gómez",     "Martín",   "Jiménez",   "Ruiz",    "Hernández", "Díaz",
    "Moreno",   "Muñoz",     "Álvarez",  "Romero",    "Navarro", "Torres",    "Domínguez",
    "Vázquez",  "Ramos",     "Gil",      "Serrano",   "Castro",  "Ortega",    "Rubio",
    "Núñez",    "Medina",    "Iglesias", "Castillo",  "Cortés",  "Guerrero",  "Peña",
    "Ibáñez",   "Vargas",    "Rojas",    "Mendoza",   "Herrera", "Aguilar",   "Salazar",
    "Quintero", "Cabrera",   "Paredes",  "de la Cruz"};

constexpr std::array kEnglishGivenNames = {"Emily",  "James",  "Olivia",  "Daniel", "Grace",
                                           "Thomas", "Hannah", "Michael", "Chloe",  "Ryan"};

constexpr std::array kEnglishSurnames = {"Smith",  "Johnson", "Walker",  "Brown",  "Taylor",
                                         "Wilson", "Evans",   "Roberts", "Hughes", "Clarke"};

template <size_t N>
absl::string_view Draw(DemoRandom& rng, const std::array<const char*, N>& names) {
  return names[rng.Below(N)];
}

// Two-byte UTF-8 sequences C3 xx of the Latin-1 supplement, mapped to their base letter.
char FoldLatin1(unsigned char second) {
  switch (second) {
    case 0x81:
    case 0xA1:
      return 'a';  // Á á
    case 0x89:
    case 0xA9:
      return 'e';  // É é
    case 0x8D:
    case 0xAD:
      return 'i';  // Í í
    case 0x93:
    case 0xB3:
      return 'o';  // Ó ó
    case 0x9A:
    case 0xBA:
      return 'u';  // Ú ú
    case 0x9C:
    case 0xBC:
      return 'u';  // Ü ü
    case 0x91:
    case 0xB1:
      return 'n';  // Ñ ñ
    case 0x87:
    case 0xA7:
      return 'c';  // Ç ç
    case 0x83:
    case 0xA3:
      return 'a';  // Ã ã
    case 0x95:
    case 0xB5:
      return 'o';  // Õ õ
    default:
      return '\0';
  }
}

}  // namespace

std::string AsciiFold(absl::string_view utf8) {
  std::string out;
  for (size_t i = 0; i < utf8.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) {
      if (c >= 'A' && c <= 'Z') {
        out.push_back(static_cast<char>(c - 'A' + 'a'));
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.push_back(static_cast<char>(c));
      }
    } else if (c == 0xC3 && i + 1 < utf8.size()) {
      const char folded = FoldLatin1(static_cast<unsigned char>(utf8[++i]));
      if (folded != '\0') out.push_back(folded);
    }
    // Other non-ASCII bytes are dropped: the lists above use none.
  }
  return out;
}

PersonName NameGenerator::Next() {
  while (true) {
    PersonName name;
    std::string given;
    std::string surname;
    if (rng_.Chance(0.85)) {
      given = std::string(Draw(rng_, kSpanishGivenNames));
      std::string full_given = given;
      if (rng_.Chance(0.2)) {
        absl::StrAppend(&full_given, " ", Draw(rng_, kSpanishSecondGivenNames));
      }
      surname = std::string(Draw(rng_, kSpanishSurnames));
      // Most Spanish-speaking people carry two surnames; reports often show both.
      std::string second_surname(Draw(rng_, kSpanishSurnames));
      name.display_name = rng_.Chance(0.6)
                              ? absl::StrCat(full_given, " ", surname, " ", second_surname)
                              : absl::StrCat(full_given, " ", surname);
    } else {
      given = std::string(Draw(rng_, kEnglishGivenNames));
      surname = std::string(Draw(rng_, kEnglishSurnames));
      name.display_name = absl::StrCat(given, " ", surname);
    }
    name.email_local = absl::StrCat(AsciiFold(given), ".", AsciiFold(surname));
    // A repeated address is a repeated first name and surname: draw again rather than number it,
    // so two people never look the same in a report either.
    if (used_emails_.insert(name.email_local).second) return name;
  }
}

}  // namespace escala::demo
