#include "ide/Hover.h"

#include "ide/AstQueries.h"
#include "ide/Describe.h"
#include "plugins/PluginRegistry.h"
#include "sema/DecoratorList.h"

#include <fmt/format.h>

namespace flytec::ide {

std::optional<HoverInfo> hover(const Analysis &analysis, Position position) {
  const char *at = analysis.locAt(analysis.offsetAt(position)).getPointer();
  if (const Occurrence *o = analysis.index().at(at)) {
    std::string text = describe(analysis.program(), *o);
    if (!text.empty())
      return HoverInfo{std::move(text), analysis.rangeOf(o->range)};
  }
  if (!analysis.module())
    return std::nullopt;
  if (const ast::Decorator *d = decoratorNameAt(*analysis.module()->ast, at)) {
    std::string name = d->name.str();
    for (const sema::DecoratorUsage &u : sema::allDecorators())
      if (u.name == name)
        return HoverInfo{fmt::format("```flyte\n{}\n```\n\napplies to {}", u.usage.str(), u.where.str()),
                         analysis.rangeOf(d->name.range)};
  }
  if (const ast::TaskBody *body = taskBodyPluginAt(*analysis.module()->ast, at)) {
    if (const plugins::PluginInfo *p = plugins::findPlugin(body->plugin.name)) {
      std::string text = fmt::format("**{}** plugin: {}", p->name.str(), p->doc.str());
      if (!p->config.empty()) {
        text += "\n\nconfig:";
        for (const plugins::ConfigKey &k : p->config)
          text += fmt::format("\n- `{}` ({}{}): {}", k.name.str(), plugins::configKindName(k.kind).str(),
                              k.required ? ", required" : "", k.doc.str());
      }
      return HoverInfo{text, analysis.rangeOf(body->plugin.range)};
    }
  }
  return std::nullopt;
}

} // namespace flytec::ide
