// The container plugin without an engine: the attempt fails with the
// message naming the alternatives. (With docker or podman, it runs the
// image; that needs images and a daemon, so it is not a unit test.)
#include "PluginTestSupport.h"

using namespace flytec;
using namespace flytec::runtime;
using namespace flytec::runtime::testing;

TEST(ContainerPlugin, MissingEngineGivesTheClearMessage) {
  TempDir dir;
  auto pkg = compile(R"src(
task resize(img: file, width: int) -> (out: file) {
  container(image: "ghcr.io/acme/resize:1.4", command: ["resize", "--width={{width}}", "{{img}}", "-o", "{{outputs.out}}"])
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  // A PATH with neither docker nor podman on it.
  llvm::sys::fs::create_directories(dir / "empty-bin");
  auto plugin = makeContainerPlugin(dir / "empty-bin");
  EXPECT_EQ(plugin->name(), "container");
  TaskResult r = run(*plugin, *pkg, "resize", {{"img", dir / "a.png"}, {"width", 640}}, dir.path);
  EXPECT_EQ(r.status, TaskResult::Status::Failed);
  EXPECT_EQ(r.error, "container tasks need docker or podman on this machine; install one, or compile with "
                     "`flytec compile --emit=flyteidl` and run on a Flyte cluster");
}

TEST(ContainerPlugin, CommandRenderedLikeShellThroughAFakeEngine) {
  // A stand-in engine that records its arguments: the command reaches
  // `sh -c` with placeholders quoted and paths as the container sees them.
  TempDir dir;
  llvm::sys::fs::create_directories(dir / "bin");
  writeFile(dir / "bin/docker",
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\"; done > '" + dir / "args" + "'\n");
  llvm::sys::fs::setPermissions(dir / "bin/docker", llvm::sys::fs::all_read | llvm::sys::fs::all_exe |
                                                        llvm::sys::fs::owner_write);
  auto pkg = compile(R"src(
task resize(img: file, mode: string) {
  container(image: "img:1", command: ["resize", "--mode={{mode}}", "{{img}}"], env: {"MODE": "{{mode}}"})
}
)src",
                     dir.path);
  ASSERT_TRUE(pkg);
  auto plugin = makeContainerPlugin(dir / "bin");
  TaskResult r = run(*plugin, *pkg, "resize", {{"img", dir / "a.png"}, {"mode", "'; touch pwned; '"}}, dir.path);
  ASSERT_EQ(r.status, TaskResult::Status::Succeeded) << describe(r);
  std::string args = readFile(dir / "args");
  EXPECT_NE(args.find("\nimg:1\nsh\n-c\n'resize' --mode=''\\''; touch pwned; '\\''' '/flyte/inputs/0/a.png'\n"),
            std::string::npos)
      << args;
  EXPECT_NE(args.find(dir / "a.png:/flyte/inputs/0/a.png:ro"), std::string::npos) << args;
  EXPECT_NE(args.find(":/work\n-w\n/work\n"), std::string::npos) << args;
  // env: an argument of its own, the value as it is (no shell reads it).
  EXPECT_NE(args.find("\n-e\nMODE='; touch pwned; '\n"), std::string::npos) << args;
  EXPECT_FALSE(exists(dir / "work/pwned"));
}
