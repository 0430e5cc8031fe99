#include "client/core/yaml_subset.h"

#include <cstddef>
#include <regex>
#include <set>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace escala::client {
namespace {

// One line that holds something: its indentation and its text without the comment.
struct Line {
  int number = 0;
  std::size_t indent = 0;
  std::string text;
};

struct Entry;

struct Node {
  enum Kind { kNull, kScalar, kMapping, kSequence };
  Kind kind = kNull;
  int line = 0;
  // kScalar: the JSON text of the value ("\"text\"", "12", "true").
  std::string json;
  // kMapping: keys with their values. A vector may hold a type that is still incomplete; a
  // std::pair of Node inside Node may not (clang refuses it).
  std::vector<Entry> entries;
  // kSequence.
  std::vector<Node> items;
};

struct Entry {
  // The key as a JSON string, and the line it is on.
  int line = 0;
  std::string key;
  Node value;
};

absl::Status LineError(int line, const std::string& reason) {
  return absl::InvalidArgumentError(absl::StrCat("line ", line, ": ", reason));
}

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

// The end (one past the closing quote) of the quoted scalar starting at text[0], or npos.
std::size_t QuotedEnd(const std::string& text) {
  const char quote = text[0];
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (quote == '"' && text[i] == '\\') {
      ++i;
    } else if (text[i] == quote) {
      if (quote == '\'' && i + 1 < text.size() && text[i + 1] == '\'') {
        ++i;
      } else {
        return i + 1;
      }
    }
  }
  return std::string::npos;
}

// Removes a comment: '#' at the start or after a blank, outside quotes.
std::string WithoutComment(const std::string& text) {
  char quote = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (quote == '"' && c == '\\') {
        ++i;
      } else if (c == quote) {
        quote = 0;
      }
    } else if ((c == '"' || c == '\'') &&
               (i == 0 || text[i - 1] == ' ' || text[i - 1] == '[' || text[i - 1] == ',' ||
                text[i - 1] == ':' || text[i - 1] == '-')) {
      quote = c;
    } else if (c == '#' && (i == 0 || text[i - 1] == ' ')) {
      return text.substr(0, i);
    }
  }
  return text;
}

absl::StatusOr<std::string> QuotedToJson(const std::string& text, int line) {
  const std::size_t end = QuotedEnd(text);
  if (end == std::string::npos) return LineError(line, "the quoted text does not end on this line");
  if (end != text.size())
    return LineError(line, absl::StrCat("unexpected text after the quotes: ", text.substr(end)));
  const std::string inner = text.substr(1, text.size() - 2);
  if (text[0] == '\'') {
    std::string value;
    for (std::size_t i = 0; i < inner.size(); ++i) {
      value += inner[i];
      if (inner[i] == '\'') ++i;  // '' stands for one quote
    }
    return JsonString(value);
  }
  // Double quotes: JSON's escapes, checked here so that the error names the line.
  for (std::size_t i = 0; i < inner.size(); ++i) {
    if (inner[i] != '\\') continue;
    const char next = i + 1 < inner.size() ? inner[i + 1] : '\0';
    if (next == 'u') {
      for (std::size_t k = i + 2; k < i + 6; ++k) {
        if (k >= inner.size() || !absl::ascii_isxdigit(static_cast<unsigned char>(inner[k]))) {
          return LineError(line, "\\u needs four hex digits");
        }
      }
      i += 5;
    } else if (next == '"' || next == '\\' || next == '/' || next == 'n' || next == 't' ||
               next == 'r') {
      ++i;
    } else {
      return LineError(line, absl::StrCat("unsupported escape \\", std::string(1, next),
                                          " (supported: \\\" \\\\ \\/ \\n \\t \\r \\uXXXX)"));
    }
  }
  return absl::StrCat("\"", inner, "\"");
}

bool IsJsonNumber(const std::string& text) {
  static const std::regex* const kNumber =
      new std::regex(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?)");
  return std::regex_match(text, *kNumber);
}

absl::StatusOr<Node> Scalar(const std::string& raw, int line) {
  const std::string text(absl::StripAsciiWhitespace(raw));
  Node node;
  node.line = line;
  node.kind = Node::kScalar;
  if (text.empty() || text == "~" || text == "null") {
    node.kind = Node::kNull;
    return node;
  }
  const char first = text[0];
  if (first == '"' || first == '\'') {
    absl::StatusOr<std::string> json = QuotedToJson(text, line);
    if (!json.ok()) return json.status();
    node.json = *std::move(json);
    return node;
  }
  if (first == '&' || first == '*' || first == '!' || first == '|' || first == '>' ||
      first == '%' || first == '@' || first == '`') {
    return LineError(line,
                     absl::StrCat("'", std::string(1, first),
                                  "' (anchors, aliases, tags, block scalars) is not supported"));
  }
  if (text == "true" || text == "false" || IsJsonNumber(text)) {
    node.json = text;
  } else {
    node.json = JsonString(text);
  }
  return node;
}

// A flow sequence of scalars on one line: "[a, 'b', 3]".
absl::StatusOr<Node> FlowSequence(const std::string& text, int line) {
  Node node;
  node.kind = Node::kSequence;
  node.line = line;
  if (text.back() != ']') return LineError(line, "a [ … ] list must end on its line");
  const std::string inner(absl::StripAsciiWhitespace(text.substr(1, text.size() - 2)));
  if (inner.empty()) return node;
  std::size_t start = 0;
  while (start <= inner.size()) {
    std::size_t i = start;
    while (i < inner.size() && inner[i] == ' ') ++i;
    std::size_t end = i;
    if (i < inner.size() && (inner[i] == '"' || inner[i] == '\'')) {
      end = QuotedEnd(inner.substr(i));
      if (end == std::string::npos)
        return LineError(line, "the quoted text does not end on this line");
      end += i;
    }
    const std::size_t comma = inner.find(',', end);
    const std::string item =
        inner.substr(i, (comma == std::string::npos ? inner.size() : comma) - i);
    if (absl::StrContains(item, "[") || absl::StrContains(item, "{")) {
      return LineError(line, "nested [ ] or { } is not supported");
    }
    absl::StatusOr<Node> value = Scalar(item, line);
    if (!value.ok()) return value.status();
    node.items.push_back(*std::move(value));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return node;
}

absl::StatusOr<Node> InlineValue(const std::string& raw, int line) {
  const std::string text(absl::StripAsciiWhitespace(raw));
  if (!text.empty() && text[0] == '[') return FlowSequence(text, line);
  if (!text.empty() && text[0] == '{') {
    if (text == "{}") {
      Node node;
      node.kind = Node::kMapping;
      node.line = line;
      return node;
    }
    return LineError(line,
                     "{ … } mappings are not supported; write the keys on lines of their own");
  }
  return Scalar(text, line);
}

// Where the ':' of "key: value" is in `text`, or npos when the text is not a mapping entry.
std::size_t MappingColon(const std::string& text) {
  if (text.empty()) return std::string::npos;
  std::size_t from = 0;
  if (text[0] == '"' || text[0] == '\'') {
    from = QuotedEnd(text);
    if (from == std::string::npos) return std::string::npos;
    while (from < text.size() && text[from] == ' ') ++from;
    return from < text.size() && text[from] == ':' &&
                   (from + 1 == text.size() || text[from + 1] == ' ')
               ? from
               : std::string::npos;
  }
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == ':' && (i + 1 == text.size() || text[i + 1] == ' ')) return i;
  }
  return std::string::npos;
}

bool IsSequenceItem(const std::string& text) { return text == "-" || absl::StartsWith(text, "- "); }

class Parser {
 public:
  explicit Parser(std::vector<Line> lines) : lines_(std::move(lines)) {}

  absl::StatusOr<Node> Document() {
    if (lines_.empty()) return LineError(1, "the file is empty");
    absl::StatusOr<Node> root = Block(lines_[0].indent);
    if (!root.ok()) return root;
    if (next_ < lines_.size()) {
      return LineError(lines_[next_].number, "unexpected indentation (or text after the document)");
    }
    return root;
  }

 private:
  absl::StatusOr<Node> Block(std::size_t indent) {
    if (IsSequenceItem(lines_[next_].text)) return Sequence(indent);
    return Mapping(indent);
  }

  // The value after "key:" or "-" with nothing on the line: the block below, if any.
  absl::StatusOr<Node> NestedBlock(std::size_t parent_indent, int line, bool sequence_may_align) {
    if (next_ < lines_.size()) {
      const Line& below = lines_[next_];
      if (below.indent > parent_indent ||
          (sequence_may_align && below.indent == parent_indent && IsSequenceItem(below.text))) {
        return Block(below.indent);
      }
    }
    Node null;
    null.line = line;
    return null;
  }

  absl::StatusOr<Node> Mapping(std::size_t indent) {
    Node node;
    node.kind = Node::kMapping;
    node.line = lines_[next_].number;
    std::set<std::string> keys;
    while (next_ < lines_.size() && lines_[next_].indent == indent &&
           !IsSequenceItem(lines_[next_].text)) {
      const Line line = lines_[next_];
      const std::size_t colon = MappingColon(line.text);
      if (colon == std::string::npos) {
        return LineError(line.number, absl::StrCat("expected 'key: value', got '", line.text, "'"));
      }
      const std::string raw_key(absl::StripAsciiWhitespace(line.text.substr(0, colon)));
      absl::StatusOr<Node> key = Scalar(raw_key, line.number);
      if (!key.ok()) return key.status();
      const std::string key_json =
          key->kind == Node::kScalar && key->json[0] == '"' ? key->json : JsonString(raw_key);
      if (!keys.insert(key_json).second)
        return LineError(line.number, absl::StrCat("key ", key_json, " is given twice"));
      ++next_;
      const std::string rest = line.text.substr(colon + 1);
      absl::StatusOr<Node> value =
          absl::StripAsciiWhitespace(rest).empty()
              ? NestedBlock(indent, line.number, /*sequence_may_align=*/true)
              : InlineValue(rest, line.number);
      if (!value.ok()) return value.status();
      node.entries.push_back({line.number, key_json, *std::move(value)});
    }
    if (next_ < lines_.size() && lines_[next_].indent > indent) {
      return LineError(lines_[next_].number, "unexpected indentation");
    }
    return node;
  }

  absl::StatusOr<Node> Sequence(std::size_t indent) {
    Node node;
    node.kind = Node::kSequence;
    node.line = lines_[next_].number;
    while (next_ < lines_.size() && lines_[next_].indent == indent &&
           IsSequenceItem(lines_[next_].text)) {
      Line& line = lines_[next_];
      const std::size_t offset = line.text.find_first_not_of(' ', 1);
      if (offset == std::string::npos) {
        ++next_;
        absl::StatusOr<Node> value = NestedBlock(indent, line.number, /*sequence_may_align=*/false);
        if (!value.ok()) return value.status();
        node.items.push_back(*std::move(value));
        continue;
      }
      const std::string rest = line.text.substr(offset);
      if (MappingColon(rest) != std::string::npos) {
        // "- key: value": a mapping whose keys line up under this first one.
        line.indent += offset;
        line.text = rest;
        absl::StatusOr<Node> value = Mapping(line.indent);
        if (!value.ok()) return value.status();
        node.items.push_back(*std::move(value));
        continue;
      }
      if (IsSequenceItem(rest))
        return LineError(line.number, "a list directly in a list item is not supported");
      ++next_;
      absl::StatusOr<Node> value = InlineValue(rest, line.number);
      if (!value.ok()) return value.status();
      node.items.push_back(*std::move(value));
    }
    if (next_ < lines_.size() && lines_[next_].indent > indent) {
      return LineError(lines_[next_].number, "unexpected indentation");
    }
    return node;
  }

  std::vector<Line> lines_;
  std::size_t next_ = 0;
};

// Writes JSON with every node on the line it came from.
class Emitter {
 public:
  void Emit(const Node& node) {
    MoveTo(node.line);
    switch (node.kind) {
      case Node::kNull:
        out_ += "null";
        break;
      case Node::kScalar:
        out_ += node.json;
        break;
      case Node::kMapping: {
        out_ += "{";
        bool first = true;
        for (const auto& [key_line, key, value] : node.entries) {
          if (!first) out_ += ",";
          first = false;
          MoveTo(key_line);
          out_ += key;
          out_ += ": ";
          Emit(value);
        }
        out_ += "}";
        break;
      }
      case Node::kSequence: {
        out_ += "[";
        bool first = true;
        for (const Node& item : node.items) {
          if (!first) out_ += ", ";
          first = false;
          Emit(item);
        }
        out_ += "]";
        break;
      }
    }
  }
  std::string Finish() { return out_ + "\n"; }

 private:
  void MoveTo(int line) {
    while (line_ < line) {
      out_ += "\n";
      ++line_;
    }
  }
  std::string out_;
  int line_ = 1;
};

}  // namespace

absl::StatusOr<std::string> YamlSubsetToJson(const std::string& yaml) {
  std::vector<Line> lines;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(yaml, '\n')) {
    ++number;
    std::string text(raw);
    if (number == 1 && absl::StartsWith(text, "\xEF\xBB\xBF")) text.erase(0, 3);
    if (!text.empty() && text.back() == '\r') text.pop_back();
    const std::size_t indent = text.find_first_not_of(' ');
    if (indent == std::string::npos) continue;
    if (text[indent] == '\t') return LineError(number, "tabs cannot indent YAML; use spaces");
    std::string content(absl::StripTrailingAsciiWhitespace(WithoutComment(text.substr(indent))));
    if (content.empty()) continue;
    if (content == "---" && lines.empty()) continue;
    if (content == "---" || content == "...") {
      return LineError(number, "only one document per file is supported");
    }
    lines.push_back({number, indent, std::move(content)});
  }
  Parser parser(std::move(lines));
  absl::StatusOr<Node> root = parser.Document();
  if (!root.ok()) return root.status();
  Emitter emitter;
  emitter.Emit(*root);
  return emitter.Finish();
}

}  // namespace escala::client
