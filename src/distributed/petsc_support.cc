// PETSc errors as Status and one error agreed by all ranks (petsc_support.h).
#include "distributed/petsc_support.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>

namespace gosplan::distributed {

// A PETSc failure as a Status: the call that failed and PETSc's own words for the code.
Status PetscFailure(const char* call, PetscErrorCode code) {
  const char* text = nullptr;
  PetscErrorMessage(static_cast<int>(code), &text, nullptr);
  return Status::Internal(std::string("PETSc: ") + call +
                          " failed: " + (text ? text : "error " + std::to_string(code)));
}

// ---- Agreeing on one error across ranks
// ----------------------------------------------------------- A file problem may be seen by one
// rank only (the line is in its byte range): the lowest rank that failed sends its Status to all,
// so that every rank returns the same error (and none waits for the others in a collective call
// that will never come).
namespace {

void AppendField(std::string& out, const std::string& field) {
  const std::uint64_t length = field.size();
  out.append(reinterpret_cast<const char*>(&length), sizeof length);
  out += field;
}
std::string ReadField(const std::string& in, std::size_t& at) {
  std::uint64_t length = 0;
  std::copy_n(in.data() + at, sizeof length, reinterpret_cast<char*>(&length));
  at += sizeof length;
  std::string field = in.substr(at, length);
  at += length;
  return field;
}

std::string Serialise(const Status& status) {
  std::string out;
  AppendField(out, std::to_string(static_cast<int>(status.code())));
  AppendField(out, status.message());
  AppendField(out, std::to_string(status.diagnostics().list().size()));
  for (const Diagnostic& d : status.diagnostics().list()) {
    AppendField(out, d.file);
    AppendField(out, std::to_string(d.line));
    AppendField(out, std::to_string(d.column));
    AppendField(out, d.message);
    AppendField(out, d.expected);
  }
  return out;
}

Status Deserialise(const std::string& in) {
  std::size_t at = 0;
  const auto code = static_cast<StatusCode>(std::stoi(ReadField(in, at)));
  const std::string message = ReadField(in, at);
  const std::size_t count = std::stoul(ReadField(in, at));
  switch (code) {
    case StatusCode::kInvalidInput: {
      Diagnostics diagnostics;
      for (std::size_t k = 0; k < count; ++k) {
        Diagnostic d;
        d.file = ReadField(in, at);
        d.line = std::stoll(ReadField(in, at));
        d.column = std::stoll(ReadField(in, at));
        d.message = ReadField(in, at);
        d.expected = ReadField(in, at);
        diagnostics.Add(std::move(d));
      }
      return Status::InvalidInput(std::move(diagnostics));
    }
    case StatusCode::kSolverLimit:
      return Status::SolverLimit(message);
    default:
      return Status::Internal(message);
  }
}

}  // namespace

// Collective: Ok on every rank when `local` is Ok on every rank; else the lowest failing rank's.
Status Agree(const Status& local, MPI_Comm comm) {
  int rank = 0, size = 1;
  MPI_Comm_rank(comm, &rank);
  MPI_Comm_size(comm, &size);
  int mine = local.ok() ? size : rank;
  int first = size;
  if (MPI_Allreduce(&mine, &first, 1, MPI_INT, MPI_MIN, comm) != MPI_SUCCESS) {
    return Status::Internal("MPI_Allreduce failed");
  }
  if (first == size) return Status::Ok();
  std::string bytes = rank == first ? Serialise(local) : std::string();
  long long length = static_cast<long long>(bytes.size());
  MPI_Bcast(&length, 1, MPI_LONG_LONG, first, comm);
  bytes.resize(static_cast<std::size_t>(length));
  MPI_Bcast(bytes.data(), static_cast<int>(length), MPI_CHAR, first, comm);
  return Deserialise(bytes);
}

void ReportOnRankZero(const Status& failure, const std::function<void(const Status&)>& report,
                      int rank, bool mpi_running) {
  if (rank == 0 && report) report(failure);
  if (mpi_running) MPI_Barrier(PETSC_COMM_WORLD);
}

Status MpiCountsOf(const std::vector<long long>& start, std::vector<int>* counts,
                   std::vector<int>* displacements) {
  const std::size_t parts = start.size() - 1;
  counts->resize(parts);
  displacements->resize(parts);
  for (std::size_t p = 0; p < parts; ++p) {
    if (start[p + 1] > std::numeric_limits<int>::max()) {
      return Status::InvalidInput("the LP", 0, 0, "more than 2^31 − 1 rows, columns or entries",
                                  "a smaller LP for this build (MPI counts are int)");
    }
    (*counts)[p] = static_cast<int>(start[p + 1] - start[p]);
    (*displacements)[p] = static_cast<int>(start[p]);
  }
  return Status::Ok();
}

}  // namespace gosplan::distributed
