#include "ir/Sha256.h"

#include <llvm/ADT/StringExtras.h>

#include <openssl/evp.h>

#include <stdexcept>

namespace flytec::ir {

Sha256::Sha256() : ctx_(EVP_MD_CTX_new()) {
  if (!ctx_ || EVP_DigestInit_ex(ctx_, EVP_sha256(), nullptr) != 1)
    throw std::runtime_error("OpenSSL cannot start a SHA-256 digest");
}

Sha256::~Sha256() { EVP_MD_CTX_free(ctx_); }

void Sha256::update(llvm::StringRef data) {
  if (!data.empty())
    EVP_DigestUpdate(ctx_, data.data(), data.size());
}

std::array<uint8_t, 32> Sha256::final() {
  std::array<uint8_t, 32> digest{};
  unsigned size = 0;
  EVP_DigestFinal_ex(ctx_, digest.data(), &size);
  return digest;
}

std::string Sha256::hexFinal() {
  std::array<uint8_t, 32> digest = final();
  return llvm::toHex(llvm::ArrayRef<uint8_t>(digest.data(), digest.size()), /*LowerCase=*/true);
}

} // namespace flytec::ir
