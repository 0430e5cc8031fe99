// The SVG charts read back by a real XML parser (expat): well-formed documents whose series,
// points, bars, ticks and legend say what the data said, with hostile names escaped.
#include "client/reports/svg_chart.h"

#include <expat.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "client/reports/criterion_failures.h"
#include "client/reports/kpi_chart.h"

namespace escala::client {
namespace {

using ::testing::ElementsAre;

struct Element {
  std::string name;
  std::map<std::string, std::string> attributes;
  std::string text;
  // The data-name of the enclosing series group, if any.
  std::string series;
};

// The elements of an SVG document in document order, with their text; fails the test when
// expat finds the document malformed.
struct ParsedSvg {
  std::vector<Element> elements;
  std::string root;

  std::vector<const Element*> WithClass(const std::string& cls) const {
    std::vector<const Element*> found;
    for (const Element& e : elements) {
      auto it = e.attributes.find("class");
      if (it != e.attributes.end() && it->second == cls) found.push_back(&e);
    }
    return found;
  }
  std::vector<std::string> Texts(const std::string& cls) const {
    std::vector<std::string> texts;
    for (const Element* e : WithClass(cls)) texts.push_back(e->text);
    return texts;
  }
};

struct ParseState {
  ParsedSvg* svg;
  std::vector<std::size_t> open;
  std::vector<std::string> series;
};

ParsedSvg Parse(const std::string& document) {
  ParsedSvg svg;
  ParseState state{&svg, {}, {}};
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &state);
  XML_SetElementHandler(
      parser,
      [](void* data, const XML_Char* name, const XML_Char** attributes) {
        auto* s = static_cast<ParseState*>(data);
        Element element;
        element.name = name;
        for (int i = 0; attributes[i] != nullptr; i += 2) {
          element.attributes[attributes[i]] = attributes[i + 1];
        }
        if (s->svg->root.empty()) s->svg->root = name;
        std::string series = s->series.empty() ? "" : s->series.back();
        if (element.attributes.count("data-name") > 0) series = element.attributes["data-name"];
        element.series = s->series.empty() ? "" : s->series.back();
        s->series.push_back(series);
        s->open.push_back(s->svg->elements.size());
        s->svg->elements.push_back(std::move(element));
      },
      [](void* data, const XML_Char*) {
        auto* s = static_cast<ParseState*>(data);
        s->open.pop_back();
        s->series.pop_back();
      });
  XML_SetCharacterDataHandler(parser, [](void* data, const XML_Char* text, int length) {
    auto* s = static_cast<ParseState*>(data);
    if (!s->open.empty()) s->svg->elements[s->open.back()].text.append(text, length);
  });
  const bool ok =
      XML_Parse(parser, document.data(), static_cast<int>(document.size()), 1) == XML_STATUS_OK;
  EXPECT_TRUE(ok) << XML_ErrorString(XML_GetErrorCode(parser)) << " at line "
                  << XML_GetCurrentLineNumber(parser) << "\n"
                  << document;
  XML_ParserFree(parser);
  return svg;
}

ChartSpec TwoSeries() {
  ChartSpec spec;
  spec.title = "Compliance <by> \"week\" & priority";
  spec.categories = {"2026-03-23", "2026-03-30", "2026-04-06"};
  spec.x_label = "Week";
  spec.y_label = "Compliance";
  spec.y_unit = "%";
  spec.y_min = 0;
  spec.y_max = 100;
  spec.series = {{"urgent", {100.0, std::nullopt, 50.0}}, {"<script>&'", {25.0, 75.0, 80.0}}};
  return spec;
}

TEST(SvgChartTest, ALineChartHasOnePointPerValueAndBreaksAtGaps) {
  const ParsedSvg svg = Parse(RenderLineChart(TwoSeries()));
  EXPECT_EQ(svg.root, "svg");
  EXPECT_THAT(svg.Texts("title"), ElementsAre("Compliance <by> \"week\" & priority"));
  std::map<std::string, std::vector<std::string>> values;
  std::map<std::string, int> polylines;
  for (const Element& e : svg.elements) {
    if (e.name == "circle") values[e.series].push_back(e.attributes.at("data-value"));
    if (e.name == "polyline") ++polylines[e.series];
  }
  EXPECT_THAT(values["urgent"], ElementsAre("100", "50"));
  EXPECT_THAT(values["<script>&'"], ElementsAre("25", "75", "80"));
  // The gap splits urgent's line in two runs of one point each; the other series is one line.
  EXPECT_EQ(polylines["urgent"], 2);
  EXPECT_EQ(polylines["<script>&'"], 1);
  EXPECT_THAT(svg.Texts("legend-entry"), ElementsAre("urgent", "<script>&'"));
  EXPECT_THAT(svg.Texts("category"), ElementsAre("2026-03-23", "2026-03-30", "2026-04-06"));
  EXPECT_THAT(svg.Texts("tick"), ElementsAre("0%", "20%", "40%", "60%", "80%", "100%"));
  EXPECT_THAT(svg.Texts("axis-label"), ElementsAre("Compliance (%)", "Week"));
}

TEST(SvgChartTest, HigherValuesAreDrawnHigher) {
  const ParsedSvg svg = Parse(RenderLineChart(TwoSeries()));
  std::vector<double> ys;
  for (const Element& e : svg.elements) {
    if (e.name == "circle" && e.series == "<script>&'")
      ys.push_back(std::stod(e.attributes.at("cy")));
  }
  ASSERT_EQ(ys.size(), 3u);
  EXPECT_GT(ys[0], ys[1]);  // 25 % lower on the page (larger y) than 75 %
  EXPECT_GT(ys[1], ys[2]);
}

TEST(SvgChartTest, ABarChartHasABarPerValueWithHeightsInProportion) {
  ChartSpec spec;
  spec.title = "Agents needed";
  spec.categories = {"Mon 09", "Mon 10", "Mon 11", "Mon 12"};
  spec.y_label = "Agents";
  spec.series = {{"erlang-c", {4.0, 8.0, std::nullopt, 2.0}}};
  const ParsedSvg svg = Parse(RenderBarChart(spec));
  const std::vector<const Element*> bars = svg.WithClass("bar");
  ASSERT_EQ(bars.size(), 3u);
  EXPECT_EQ(bars[0]->attributes.at("data-category"), "Mon 09");
  EXPECT_EQ(bars[2]->attributes.at("data-category"), "Mon 12");
  const double four = std::stod(bars[0]->attributes.at("height"));
  const double eight = std::stod(bars[1]->attributes.at("height"));
  EXPECT_NEAR(eight, 2 * four, 0.2);
  // Automatic axis: from 0 to a round number at or above 8.
  EXPECT_THAT(svg.Texts("tick"), ElementsAre("0", "2", "4", "6", "8"));
  EXPECT_THAT(svg.Texts("legend-entry"), ElementsAre("erlang-c"));
}

TEST(SvgChartTest, CountsGetWholeNumberTicks) {
  ChartSpec spec;
  spec.categories = {"Mon 09:00", "Mon 09:30"};
  spec.series = {{"Erlang C", {1.0, 2.0}}};
  EXPECT_THAT(Parse(RenderBarChart(spec)).Texts("tick"), ElementsAre("0", "0.5", "1", "1.5", "2"));
  spec.whole_numbers = true;
  EXPECT_THAT(Parse(RenderBarChart(spec)).Texts("tick"), ElementsAre("0", "1", "2"));
}

TEST(SvgChartTest, ControlCharactersAreDroppedSoTheDocumentStaysXml) {
  ChartSpec spec = TwoSeries();
  spec.title = std::string("bell\x07 and nul\x01");
  const ParsedSvg svg = Parse(RenderLineChart(spec));
  EXPECT_THAT(svg.Texts("title"), ElementsAre("bell and nul"));
}

v1::QaReport ReportWithCriteria() {
  v1::QaReport report;
  v1::QaBucket* bucket = report.add_buckets();
  bucket->mutable_start_time()->set_seconds(1'699'833'600);
  bucket->set_evaluations(4);
  bucket->set_mean_score(62.5);
  for (const auto& [key, scored, failed] :
       std::vector<std::tuple<std::string, int, int>>{{"verify", 4, 3}, {"greeting", 4, 1}}) {
    v1::CriterionFailureRate* c = report.add_criteria();
    c->set_scorecard_id("contact");
    c->set_criterion_key(key);
    c->set_scored(scored);
    c->set_failed(failed);
    c->set_failure_rate(100.0 * failed / scored);
  }
  return report;
}

TEST(SvgChartTest, TheCriterionChartHasABarPerCriterionAtItsFailureRate) {
  const ParsedSvg svg = Parse(RenderBarChart(CriterionFailureChart(ReportWithCriteria())));
  std::vector<std::string> categories, values;
  for (const Element* bar : svg.WithClass("bar")) {
    categories.push_back(bar->attributes.at("data-category"));
    values.push_back(bar->attributes.at("data-value"));
  }
  // One scorecard: the keys alone label the bars, in the report's order.
  EXPECT_THAT(categories, ElementsAre("verify", "greeting"));
  EXPECT_THAT(values, ElementsAre("75", "25"));
  EXPECT_THAT(svg.Texts("title"), ElementsAre("Failure rate per criterion"));
}

TEST(SvgChartTest, StackedChartsAreOneDocumentWithEachChartBelowTheOther) {
  const v1::QaReport report = ReportWithCriteria();
  const ParsedSvg svg =
      Parse(RenderStackedCharts({{ChartKind::kLine, QaScoreChart(report)},
                                 {ChartKind::kBar, CriterionFailureChart(report)}}));
  EXPECT_EQ(svg.root, "svg");
  std::vector<std::string> offsets;
  for (const Element& e : svg.elements) {
    if (e.name == "svg" && e.attributes.count("y") > 0) offsets.push_back(e.attributes.at("y"));
  }
  EXPECT_THAT(offsets, ElementsAre("0", "420"));
  EXPECT_THAT(svg.Texts("title"), ElementsAre("QA score", "Failure rate per criterion"));
  EXPECT_EQ(svg.WithClass("bar").size(), 2u);
  EXPECT_EQ(svg.elements.front().attributes.at("height"), "840");
}

TEST(SvgChartTest, NiceTicksAreRoundAndCoverTheRange) {
  EXPECT_THAT(NiceTicks(0, 8), ElementsAre(0, 2, 4, 6, 8));
  EXPECT_THAT(NiceTicks(0, 100), ElementsAre(0, 20, 40, 60, 80, 100));
  EXPECT_THAT(NiceTicks(3, 47), ElementsAre(0, 10, 20, 30, 40, 50));
}

}  // namespace
}  // namespace escala::client
