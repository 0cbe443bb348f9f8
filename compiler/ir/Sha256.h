// SHA-256, from OpenSSL's libcrypto: content hashes of the IR, blob digests
// and cache keys. A 100,000-node workflow's canonical JSON is about 30 MB;
// llvm::SHA256 spends about 50 instructions a byte on it (and counts the
// length in 32 bits, so files over 4 GiB get wrong digests), while libcrypto
// uses the processor's SHA instructions where it has them.
#pragma once

#include <llvm/ADT/StringRef.h>

#include <array>
#include <cstdint>
#include <string>

struct evp_md_ctx_st; // OpenSSL's EVP_MD_CTX

namespace flytec::ir {

class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256 &) = delete;
  Sha256 &operator=(const Sha256 &) = delete;

  void update(llvm::StringRef data);
  /// The digest; the object is spent.
  std::array<uint8_t, 32> final();
  /// The digest as 64 lower-case hex digits.
  std::string hexFinal();

private:
  ::evp_md_ctx_st *ctx_;
};

} // namespace flytec::ir
