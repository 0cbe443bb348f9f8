// JSON-RPC 2.0 as the LSP uses it: typed method binding and the dispatcher
// (clangd's LSPBinder and MessageHandler in one). It knows the LSP's
// lifecycle and cancellation, and nothing of any language:
//
//   FdInput input(STDIN_FILENO);
//   StdioTransport transport(input, llvm::outs());
//   StreamLogger logger(llvm::errs(), LogLevel::Info);
//   JsonRpcDispatcher rpc(transport, logger);
//   rpc.method("textDocument/hover", &server, &Server::onHover);
//   rpc.notification("textDocument/didOpen", &server, &Server::onDidOpen);
//   return rpc.run();
//
// Every handler has one shape, `void on(const Params &, Callback<Result>)`,
// and must call the callback exactly once, now or later on any thread. Bad
// params never reach it: they get an InvalidParams reply. A handler that
// forgets to reply, replies twice or throws is logged and the client still
// gets exactly one reply.
#pragma once

#include "lsp/JsonMapping.h"
#include "lsp/Logger.h"
#include "lsp/Protocol.h"
#include "lsp/Transport.h"

#include <llvm/ADT/FunctionExtras.h>
#include <llvm/ADT/StringMap.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <variant>

namespace flytec::lsp {

/// JSON-RPC's and the LSP's error codes.
enum class ErrorCode : int {
  ParseError = -32700,
  InvalidRequest = -32600,
  MethodNotFound = -32601,
  InvalidParams = -32602,
  InternalError = -32603,
  ServerNotInitialized = -32002,
  UnknownErrorCode = -32001,
  RequestFailed = -32803,
  ServerCancelled = -32802,
  ContentModified = -32801,
  RequestCancelled = -32800,
};

struct RpcError {
  ErrorCode code = ErrorCode::InternalError;
  std::string message;
};

/// A reply: a value or an error. `reply({})` does not compile (a value or
/// an error?): write `reply(T())` or `reply(RpcError{...})`.
template <typename T> class Result {
public:
  Result(T value) : value_(std::in_place_index<0>, std::move(value)) {}
  /// Anything a T can be made from: `reply(hover)` for an optional<Hover>.
  template <typename U, typename = std::enable_if_t<std::is_constructible_v<T, U &&> &&
                                                    !std::is_same_v<std::decay_t<U>, RpcError> &&
                                                    !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U &&value) : value_(std::in_place_index<0>, std::forward<U>(value)) {}
  Result(RpcError error) : value_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return value_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T &operator*() { return std::get<0>(value_); }
  const T &operator*() const { return std::get<0>(value_); }
  T *operator->() { return &std::get<0>(value_); }
  const RpcError &error() const { return std::get<1>(value_); }

private:
  std::variant<T, RpcError> value_;
};

template <typename T> using Callback = llvm::unique_function<void(Result<T>)>;

class JsonRpcDispatcher {
public:
  JsonRpcDispatcher(Transport &transport, Logger &logger) : transport_(transport), logger_(logger) {}
  /// Every Callback handed out must be gone (called or dropped) first.
  ~JsonRpcDispatcher();
  JsonRpcDispatcher(const JsonRpcDispatcher &) = delete;
  JsonRpcDispatcher &operator=(const JsonRpcDispatcher &) = delete;

  // ---- Registration, before messages arrive ----

  /// Params are read with fromJSON and results written with toJSON; `json`
  /// works for both, for methods that want the raw message.
  template <typename Params, typename Res>
  void method(llvm::StringRef name, llvm::unique_function<void(const Params &, Callback<Res>)> handler);
  template <typename Params, typename Res, typename Self>
  void method(llvm::StringRef name, Self *self, void (Self::*handler)(const Params &, Callback<Res>)) {
    method<Params, Res>(name, [self, handler](const Params &params, Callback<Res> reply) {
      (self->*handler)(params, std::move(reply));
    });
  }

  /// Notifications with bad params are logged and dropped (there is no one
  /// to reply to).
  template <typename Params>
  void notification(llvm::StringRef name, llvm::unique_function<void(const Params &)> handler);
  template <typename Params, typename Self>
  void notification(llvm::StringRef name, Self *self, void (Self::*handler)(const Params &)) {
    notification<Params>(name, [self, handler](const Params &params) { (self->*handler)(params); });
  }

  /// Gets responses from the client that no `call` is waiting for;
  /// without one they are logged.
  void onResponse(llvm::unique_function<void(const json &id, Result<json>)> handler) {
    responseHandler_ = std::move(handler);
  }

  // ---- Incoming messages, all from one thread ----

  /// Work the server does while no message is waiting (publishing
  /// debounced diagnostics): called when the input is quiet, it does what
  /// is due and returns how many milliseconds until it wants to be called
  /// again, or -1 for not until the next message.
  void onIdle(llvm::unique_function<int()> handler) { idleHandler_ = std::move(handler); }

  /// Reads and handles messages until `exit` or the end of input. Messages
  /// that have already arrived are queued before any is handled, so a
  /// `$/cancelRequest` overtakes the request it cancels. Returns the exit
  /// code: 0 after shutdown and exit, 1 otherwise.
  int run();

  /// Handles one message's text now (after anything queued).
  void dispatch(llvm::StringRef text) {
    enqueue(text);
    processQueued();
  }
  /// Checks a message and queues it. Bad ones are answered at once, and a
  /// `$/cancelRequest` takes effect at once.
  void enqueue(llvm::StringRef text);
  void processQueued();
  size_t queued() const { return queue_.size(); }

  // ---- Outgoing messages, from any thread ----

  template <typename Params> void notify(llvm::StringRef method, const Params &params) {
    sendNotification(method, toJSON(params));
  }
  /// A request to the client (workspace/applyEdit, ...); `onReply` gets its
  /// result or error.
  void call(llvm::StringRef method, json params, Callback<json> onReply);

  // ---- State ----

  /// Whether the client cancelled request `id` (queued or running). A
  /// handler that notices may reply RpcError{ErrorCode::RequestCancelled}.
  bool isCancelled(const json &id) const;
  /// The id of the request whose handler is running, while it runs on the
  /// dispatching thread (for handlers that check isCancelled later); null
  /// outside handlers.
  const json &currentRequestId() const { return currentId_; }
  bool shutdownRequested() const;
  bool exitRequested() const;
  /// The LSP's rule: 0 if `shutdown` came before `exit`, else 1.
  int exitCode() const;

private:
  using RawMethod = llvm::unique_function<void(const json &, Callback<json>)>;
  using RawNotification = llvm::unique_function<void(const json &)>;
  enum class Lifecycle { Uninitialized, Initializing, Running, ShuttingDown, Exited };
  struct Incoming {
    enum Kind { Request, Notification, Response } kind = Request;
    json id;
    std::string method;
    json params;
    json message; // a response, whole
  };
  struct ReplyState;
  class ReplyOnce;

  void addMethod(llvm::StringRef name, RawMethod handler);
  void addNotification(llvm::StringRef name, RawNotification handler);
  /// Parses and checks a message; replies to bad ones and returns false.
  bool classify(llvm::StringRef text, Incoming &out);
  void handleRequest(const Incoming &in);
  void handleNotification(const Incoming &in);
  void handleResponse(const Incoming &in);
  void cancel(const json &params);
  void callHandler(RawMethod &handler, const Incoming &in);
  void finishHandler(ReplyState &state, const std::string &exception);
  void sendReply(const json &id, llvm::StringRef method, Result<json> result,
                 std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now());
  void sendError(const json &id, ErrorCode code, std::string message);
  void sendNotification(llvm::StringRef method, json params);
  void send(const json &message);
  Lifecycle lifecycle() const;

  Transport &transport_;
  Logger &logger_;
  llvm::StringMap<RawMethod> methods_;
  llvm::StringMap<RawNotification> notifications_;
  llvm::unique_function<void(const json &, Result<json>)> responseHandler_;
  llvm::unique_function<int()> idleHandler_;
  std::deque<Incoming> queue_;
  json currentId_;

  // Replies come from any thread; these are shared with them.
  mutable std::mutex mutex_;
  Lifecycle lifecycle_ = Lifecycle::Uninitialized;
  bool shutdown_ = false;
  /// Requests queued or running, by id.dump(): whether cancelled.
  std::map<std::string, bool> live_;
  std::map<int64_t, Callback<json>> calls_;
  int64_t nextCallId_ = 0;
};

template <typename Params, typename Res>
void JsonRpcDispatcher::method(llvm::StringRef name,
                               llvm::unique_function<void(const Params &, Callback<Res>)> handler) {
  addMethod(name, [handler = std::move(handler)](const json &raw, Callback<json> reply) mutable {
    Params params;
    std::string error;
    if (!fromJSON(raw, params, error))
      return reply(RpcError{ErrorCode::InvalidParams, error});
    handler(params, [reply = std::move(reply)](Result<Res> result) mutable {
      if (result)
        reply(toJSON(*result));
      else
        reply(result.error());
    });
  });
}

template <typename Params>
void JsonRpcDispatcher::notification(llvm::StringRef name, llvm::unique_function<void(const Params &)> handler) {
  addNotification(name, [this, name = name.str(), handler = std::move(handler)](const json &raw) mutable {
    Params params;
    std::string error;
    if (!fromJSON(raw, params, error))
      return logger_.error(name + ": invalid params, dropped: " + error);
    handler(params);
  });
}

} // namespace flytec::lsp
