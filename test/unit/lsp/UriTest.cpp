#include "lsp/Uri.h"

#include <gtest/gtest.h>

namespace flytec::lsp {
namespace {

TEST(UriTest, PlainPath) {
  EXPECT_EQ(pathToUri("/home/me/a.flyte"), "file:///home/me/a.flyte");
  EXPECT_EQ(uriToPath("file:///home/me/a.flyte"), "/home/me/a.flyte");
}

TEST(UriTest, EncodesLikeVSCode) {
  EXPECT_EQ(pathToUri("/my dir/a b.flyte"), "file:///my%20dir/a%20b.flyte");
  EXPECT_EQ(pathToUri("/100%/x"), "file:///100%25/x");
  EXPECT_EQ(pathToUri("/c#/a?b"), "file:///c%23/a%3Fb");
  EXPECT_EQ(pathToUri("/a:b@c!$&'()*+,;=[]"), "file:///a%3Ab%40c%21%24%26%27%28%29%2A%2B%2C%3B%3D%5B%5D");
  EXPECT_EQ(pathToUri("/keep-._~/AZaz09"), "file:///keep-._~/AZaz09");
  EXPECT_EQ(pathToUri("/caf\xc3\xa9/\xe6\x97\xa5.flyte"), "file:///caf%C3%A9/%E6%97%A5.flyte");
}

TEST(UriTest, RoundTrips) {
  for (const char *path : {"/", "/a", "/my dir/a b.flyte", "/100%/50%25", "/caf\xc3\xa9/\xf0\x9f\x98\x80.flyte",
                           "/a#b?c", "/tab\there", "/x/../y/./z", "/trailing/"}) {
    std::string error;
    EXPECT_EQ(uriToPath(pathToUri(path), &error), std::optional<std::string>(path)) << path << ": " << error;
  }
}

TEST(UriTest, DecodesWhatOtherClientsSend) {
  EXPECT_EQ(uriToPath("file:///caf%c3%a9"), "/caf\xc3\xa9");            // lower-case hex
  EXPECT_EQ(uriToPath("file:///caf\xc3\xa9"), "/caf\xc3\xa9");           // not encoded at all
  EXPECT_EQ(uriToPath("FILE:///a"), "/a");                               // the scheme ignores case
  EXPECT_EQ(uriToPath("file://localhost/a/b"), "/a/b");
  EXPECT_EQ(uriToPath("file:/a/b"), "/a/b");                             // no authority
  EXPECT_EQ(uriToPath("file:///a%2Fb"), "/a/b");
  EXPECT_EQ(uriToPath("file:///a#b"), "/a");                             // a fragment, not the path
  EXPECT_EQ(uriToPath("file:///a?x=1#b"), "/a");                         // a query too
  EXPECT_EQ(uriToPath("file:///a%3Fb%23c"), "/a?b#c");                   // encoded: part of the name
}

void expectRejected(const char *uri, const char *expected) {
  std::string error;
  EXPECT_EQ(uriToPath(uri, &error), std::nullopt) << uri;
  EXPECT_NE(error.find(expected), std::string::npos) << uri << ": " << error;
}

TEST(UriTest, RejectsWhatIsNotALocalFile) {
  expectRejected("untitled:Untitled-1", "unsupported URI scheme 'untitled'");
  expectRejected("https://example.com/a.flyte", "unsupported URI scheme 'https'");
  expectRejected("/home/me/a.flyte", "is not a URI");
  expectRejected("file://server/share/a", "file URI with host 'server'");
  expectRejected("file://", "without an absolute path");
  expectRejected("file:a/b", "without an absolute path");
  expectRejected("file:///a%2", "truncated percent-escape '%2' at the end");
  expectRejected("file:///a%", "truncated percent-escape");
  expectRejected("file:///a%zz", "invalid percent-escape '%zz'");
  expectRejected("file:///a%00b", "%00");
  EXPECT_EQ(uriToPath("untitled:x"), std::nullopt); // the error is optional
}

} // namespace
} // namespace flytec::lsp
