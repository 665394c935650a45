#include "vocfab/ops/operation.h"

#include <array>
#include <type_traits>

namespace vocfab {

namespace {

// In the order of SPEC section 4's table.
constexpr std::array<std::string_view, 23> kNames = {
    "add",          "update",           "apply",         "open_course",       "enroll",         "withdraw",
    "start_course", "cancel_course",    "record_absence", "record_score",     "complete_course", "issue_certificate",
    "revoke_certificate", "close_vacancy", "refer",       "interview",         "hire",           "reject",
    "decline",      "no_show",          "end_employment", "advance",          "erase_trainee"};

template <class T>
constexpr std::string_view name_of() noexcept {
  if constexpr (std::is_same_v<T, ops::Add>) return "add";
  else if constexpr (std::is_same_v<T, ops::Update>) return "update";
  else if constexpr (std::is_same_v<T, ops::ApplyToCourses>) return "apply";
  else if constexpr (std::is_same_v<T, ops::OpenCourse>) return "open_course";
  else if constexpr (std::is_same_v<T, ops::Enroll>) return "enroll";
  else if constexpr (std::is_same_v<T, ops::Withdraw>) return "withdraw";
  else if constexpr (std::is_same_v<T, ops::StartCourse>) return "start_course";
  else if constexpr (std::is_same_v<T, ops::CancelCourse>) return "cancel_course";
  else if constexpr (std::is_same_v<T, ops::RecordAbsence>) return "record_absence";
  else if constexpr (std::is_same_v<T, ops::RecordScore>) return "record_score";
  else if constexpr (std::is_same_v<T, ops::CompleteCourse>) return "complete_course";
  else if constexpr (std::is_same_v<T, ops::IssueCertificate>) return "issue_certificate";
  else if constexpr (std::is_same_v<T, ops::RevokeCertificate>) return "revoke_certificate";
  else if constexpr (std::is_same_v<T, ops::CloseVacancy>) return "close_vacancy";
  else if constexpr (std::is_same_v<T, ops::Refer>) return "refer";
  else if constexpr (std::is_same_v<T, ops::Interview>) return "interview";
  else if constexpr (std::is_same_v<T, ops::Hire>) return "hire";
  else if constexpr (std::is_same_v<T, ops::EndEmployment>) return "end_employment";
  else if constexpr (std::is_same_v<T, ops::Advance>) return "advance";
  else if constexpr (std::is_same_v<T, ops::EraseTrainee>) return "erase_trainee";
  else static_assert(std::is_same_v<T, ops::Decide>, "an operation without a name");
  return {};
}

}  // namespace

std::string_view operation_name(const Operation& operation) noexcept {
  return std::visit(
      [](const auto& arguments) -> std::string_view {
        using T = std::decay_t<decltype(arguments)>;
        if constexpr (std::is_same_v<T, ops::Decide>) {
          switch (arguments.outcome) {
            case ops::Outcome::reject: return "reject";
            case ops::Outcome::decline: return "decline";
            case ops::Outcome::no_show: return "no_show";
          }
          return "reject";
        } else {
          return name_of<T>();
        }
      },
      operation.arguments);
}

std::span<const std::string_view> operation_names() noexcept { return kNames; }

}  // namespace vocfab
