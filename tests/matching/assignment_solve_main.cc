// A test helper: reads an assignment request (JSON) on stdin, writes `assign_json`'s answer on
// stdout; exit status 0 when solved, 3 when the answer is issues. Used by
// assignment_scipy_check.py to compare the solvers with SciPy.
#include "vocfab/io/assignment_json.h"

#include <iostream>
#include <iterator>
#include <string>

int main() {
  std::string request((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  const vocfab::AssignJsonOutcome outcome = vocfab::assign_json(request);
  std::cout << outcome.json << '\n';
  return outcome.ok() ? 0 : 3;
}
