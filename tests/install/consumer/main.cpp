// A program outside the project that uses the installed libcachectl.
#include <cachectl/pattern/pattern.hpp>

#include <cstdio>

int
main()
{
  auto a = cachectl::Pattern::parse("/blog/[slug]");
  auto b = cachectl::Pattern::parse("/blog/[...path]");
  if (!a || !b) {
    return 1;
  }
  const auto decision = cachectl::compare_priority(*a, *b);
  std::printf("%s beats %s\n",
              (decision.order < 0 ? a : b)->source().c_str(),
              (decision.order < 0 ? b : a)->source().c_str());
  return 0;
}
