// SHA-256 (ir/Sha256.h) gives FIPS 180-4's digests, whatever the pieces it
// is fed in, and agrees with llvm::SHA256 below 4 GiB.
#include "ir/Sha256.h"

#include <llvm/ADT/StringExtras.h>
#include <llvm/Support/SHA256.h>

#include <gtest/gtest.h>

#include <random>

using flytec::ir::Sha256;

namespace {

std::string hex(llvm::StringRef text) {
  Sha256 sha;
  sha.update(text);
  return sha.hexFinal();
}

} // namespace

TEST(Sha256, KnownDigests) {
  EXPECT_EQ(hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256, PiecesDoNotMatterAndLlvmAgrees) {
  std::mt19937 rng(7);
  for (int round = 0; round < 200; ++round) {
    std::string text(rng() % 5000, '\0');
    for (char &c : text)
      c = char(rng());
    Sha256 pieces;
    for (size_t at = 0; at < text.size();) {
      size_t n = std::min<size_t>(rng() % 130, text.size() - at);
      pieces.update(llvm::StringRef(text).substr(at, n));
      at += n;
    }
    llvm::SHA256 reference;
    reference.update(text);
    EXPECT_EQ(pieces.hexFinal(), llvm::toHex(reference.final(), /*LowerCase=*/true)) << "size " << text.size();
  }
}
