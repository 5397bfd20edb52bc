// Standalone experiment driver for the crossover's phases (issue 16, third crossover session;
// docs/benchmarks.md, "Against the chain's prices and the restricted LP's pivots"). Not part of the
// build: it reruns the kept method of src/lp/clp_crossover.cc (fix the columns the point leaves at
// a bound, CLP's presolve, a values pass on the restricted LP, postsolve, the whole-LP pass) on an
// exported MPS and a PDLP solution from `gosplan lp F.mps --solver pdlp --solution S.csv`, one
// change at a time, and prints the pivots and CPU seconds (clock()) of each phase.
//   g++ -O2 -o crossover_experiments bench/crossover_experiments.cc -I/usr/include/coin -lClp \
//       -lCoinUtils
//   [KNOBS] ./crossover_experiments plan-1000.mps solution-1000.csv
// Knobs (environment): PERT=eps loosens every inequality row by eps·(1 + |bound|) before presolve
// (YT=y: only rows PDLP prices at most y); SPERT=1|2|3 SEPS=eps loosens the presolved LP's column
// upper bounds (2: and its inequality rows, 3: and the lower bounds) for its simplex, then restores
// them (CLEAN=2 dual simplex, 1 primal, 0 none) — a bound perturbation that picks, among the
// restricted LP's optimal prices, small ones on those bounds; START=1|2|3 starts the restricted LP
// from PDLP's point instead of the values pass (columns and rows more than STOL·(1 + |bound|) from
// their bounds basic) with primal(0), dual(0) or primal(1) — with FILL=1 the tight rows PDLP does
// not price (|y| ≤ YTOL, default 1e-9) keep a basic slack and the basis is completed with the
// columns at a bound of least |reduced cost| (session 17's structural start); DTR=tol the
// restricted LP's dual tolerance; DT1=tol a whole-LP pass at that dual tolerance before the one at
// 1e-10; WHOLE=1|0|2 the whole-LP pass by primal(1), primal(0) or dual(0) (any other value: none);
// CHAIN=text prints the rows containing text with their columns, statuses and prices after
// postsolve; LOG, LOG2: CLP's log levels; TAU=t a second restricted LP between postsolve and the
// whole-LP pass (the columns fixed at first stay fixed where PDLP's reduced cost exceeds t relative
// to 1 + |cost| and the postsolved prices agree in sign).
#include <ClpPresolve.hpp>
#include <ClpSimplex.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <unordered_map>
#include <vector>
using namespace std;
static double now() { return (double)clock() / CLOCKS_PER_SEC; }
static double env(const char* k, double d) { return getenv(k) ? atof(getenv(k)) : d; }
int main(int argc, char** argv) {
  ClpSimplex model;
  model.setLogLevel((int)env("LOG", 0));
  model.readMps(argv[1], true, false);
  int m = model.numberRows(), n = model.numberColumns();
  unordered_map<string, int> cidx, ridx;
  for (int j = 0; j < n; ++j) cidx[model.getColumnName(j)] = j;
  for (int i = 0; i < m; ++i) ridx[model.getRowName(i)] = i;
  vector<double> x(n, 0.0), y(m, 0.0);
  ifstream in(argv[2]);
  string line;
  getline(in, line);
  while (getline(in, line)) {
    stringstream ss(line);
    string kind, name, v, dd;
    getline(ss, kind, ',');
    getline(ss, name, ',');
    getline(ss, v, ',');
    getline(ss, dd, ',');
    if (kind == "column")
      x[cidx.at(name)] = stod(v);
    else if (kind == "row")
      y[ridx.at(name)] = stod(dd);
  }
  model.setDualTolerance(1e-10);
  double t0 = now();
  vector<double> saveL(model.columnLower(), model.columnLower() + n),
      saveU(model.columnUpper(), model.columnUpper() + n);
  vector<double> saveRL(model.rowLower(), model.rowLower() + m),
      saveRU(model.rowUpper(), model.rowUpper() + m);
  vector<signed char> fixed(n, 0);
  int nfixed = 0;
  {
    double* lo = model.columnLower();
    double* up = model.columnUpper();
    for (int j = 0; j < n; ++j) {
      x[j] = min(max(x[j], lo[j]), up[j]);
      if (lo[j] > -1e30 && x[j] - lo[j] <= 1e-6 * (1 + fabs(lo[j]))) {
        fixed[j] = -1;
        up[j] = lo[j];
        ++nfixed;
      } else if (up[j] < 1e30 && up[j] - x[j] <= 1e-6 * (1 + fabs(up[j]))) {
        fixed[j] = 1;
        lo[j] = up[j];
        ++nfixed;
      }
    }
  }
  for (int j = 0; j < n; ++j) model.primalColumnSolution()[j] = x[j];
  double pert = env("PERT", 0);
  int nloose = 0;
  if (pert > 0) {
    double* rl = model.rowLower();
    double* ru = model.rowUpper();
    double ytol = env("YT", -1);
    for (int i = 0; i < m; ++i) {
      if (rl[i] == ru[i]) continue;
      if (ytol >= 0 && fabs(y[i]) > ytol) continue;
      if (ru[i] < 1e30) ru[i] += pert * (1 + fabs(ru[i]));
      if (rl[i] > -1e30) rl[i] -= pert * (1 + fabs(rl[i]));
      ++nloose;
    }
  }
  ClpPresolve pinfo;
  ClpSimplex* small = pinfo.presolvedModel(model, 1e-8, false, 5, true);
  double t1 = now();
  const int* oc = pinfo.originalColumns();
  int ms = small->numberRows(), ns = small->numberColumns();
  small->setLogLevel(model.logLevel());
  if (getenv("DTR")) small->setDualTolerance(atof(getenv("DTR")));
  small->createStatus();
  double* cs = small->primalColumnSolution();
  for (int j = 0; j < ns; ++j)
    cs[j] = max(small->columnLower()[j], min(x[oc[j]], small->columnUpper()[j]));
  int spert = (int)env("SPERT", 0);
  double seps = env("SEPS", 1e-6);
  vector<double> sL(small->columnLower(), small->columnLower() + ns),
      sU(small->columnUpper(), small->columnUpper() + ns);
  vector<double> sRL(small->rowLower(), small->rowLower() + ms),
      sRU(small->rowUpper(), small->rowUpper() + ms);
  if (spert) {
    int c1 = 0, c2 = 0;
    double* cl = small->columnLower();
    double* cu = small->columnUpper();
    double* rl = small->rowLower();
    double* ru = small->rowUpper();
    for (int j = 0; j < ns; ++j) {
      if (cl[j] == cu[j]) continue;
      if (cu[j] < 1e30) {
        cu[j] += seps * (1 + fabs(cu[j]));
        ++c1;
      }
      if (spert >= 3 && cl[j] > -1e30) {
        cl[j] -= seps * (1 + fabs(cl[j]));
        ++c1;
      }
    }
    if (spert >= 2)
      for (int i = 0; i < ms; ++i) {
        if (rl[i] == ru[i]) continue;
        if (ru[i] < 1e30) ru[i] += seps * (1 + fabs(ru[i]));
        if (rl[i] > -1e30) rl[i] -= seps * (1 + fabs(rl[i]));
        ++c2;
      }
    fprintf(stderr, "small perturbation: %d column bounds, %d rows\n", c1, c2);
  }
  int start = (int)env("START", 0);
  if (start == 0) {
    for (int j = 0; j < ns; ++j) small->setColumnStatus(j, ClpSimplex::superBasic);
    for (int i = 0; i < ms; ++i) small->setRowStatus(i, ClpSimplex::basic);
    small->primal(1);
  } else {
    // rows: activity from x
    vector<double> act(ms, 0.0);
    const CoinPackedMatrix* As = small->matrix();
    for (int j = 0; j < ns; ++j)
      for (CoinBigIndex k = As->getVectorStarts()[j];
           k < As->getVectorStarts()[j] + As->getVectorLengths()[j]; ++k)
        act[As->getIndices()[k]] += As->getElements()[k] * cs[j];
    int bc = 0, br = 0;
    const double *cl = small->columnLower(), *cu = small->columnUpper(), *rl = small->rowLower(),
                 *ru = small->rowUpper();
    double tol = env("STOL", 1e-6);
    for (int j = 0; j < ns; ++j) {
      double dl = cs[j] - cl[j], du = cu[j] - cs[j];
      bool inl = cl[j] < -1e30 || dl > tol * (1 + fabs(cl[j]));
      bool inu = cu[j] > 1e30 || du > tol * (1 + fabs(cu[j]));
      if (inl && inu) {
        small->setColumnStatus(j, ClpSimplex::basic);
        ++bc;
      } else
        small->setColumnStatus(j, dl <= du ? ClpSimplex::atLowerBound : ClpSimplex::atUpperBound);
    }
    for (int i = 0; i < ms; ++i) {
      double dl = act[i] - rl[i], du = ru[i] - act[i];
      bool inl = rl[i] < -1e30 || dl > tol * (1 + fabs(rl[i]));
      bool inu = ru[i] > 1e30 || du > tol * (1 + fabs(ru[i]));
      if (inl && inu) {
        small->setRowStatus(i, ClpSimplex::basic);
        ++br;
      } else
        small->setRowStatus(
            i, rl[i] == ru[i] ? ClpSimplex::isFixed
                              : (dl <= du ? ClpSimplex::atLowerBound : ClpSimplex::atUpperBound));
    }
    if (env("FILL", 0) > 0) {
      // Session 17: a structural start. Tight rows that PDLP does not price (|y| ≤ YTOL) get a
      // basic slack too; the basis is then filled with the columns at a bound of least |reduced
      // cost| under PDLP's duals (c − Aᵀy in the presolved LP, y of each kept row's original).
      const int* orow = pinfo.originalRows();
      const double ytol = env("YTOL", 1e-9);
      for (int i = 0; i < ms; ++i) {
        if (small->getRowStatus(i) != ClpSimplex::basic && fabs(y[orow[i]]) <= ytol) {
          small->setRowStatus(i, ClpSimplex::basic);
          ++br;
        }
      }
      vector<double> dj(ns);
      const CoinPackedMatrix* Am = small->matrix();
      for (int j = 0; j < ns; ++j) {
        dj[j] = small->objective()[j] * small->optimizationDirection();
        for (CoinBigIndex k = Am->getVectorStarts()[j];
             k < Am->getVectorStarts()[j] + Am->getVectorLengths()[j]; ++k)
          dj[j] -= Am->getElements()[k] * y[orow[Am->getIndices()[k]]];
      }
      vector<int> at_bound;
      for (int j = 0; j < ns; ++j)
        if (small->getColumnStatus(j) != ClpSimplex::basic) at_bound.push_back(j);
      sort(at_bound.begin(), at_bound.end(), [&](int a, int b) {
        return fabs(dj[a]) != fabs(dj[b]) ? fabs(dj[a]) < fabs(dj[b]) : a < b;
      });
      for (std::size_t k = 0; k < at_bound.size() && bc + br < ms; ++k) {
        small->setColumnStatus(at_bound[k], ClpSimplex::basic);
        ++bc;
      }
    }
    fprintf(stderr, "start: %d basic columns + %d basic rows for %d rows\n", bc, br, ms);
    if (start == 1)
      small->primal(0);
    else if (start == 2)
      small->dual(0);
    else
      small->primal(1);
  }
  int it1 = small->numberIterations();
  if (spert) {
    std::copy(sL.begin(), sL.end(), small->columnLower());
    std::copy(sU.begin(), sU.end(), small->columnUpper());
    std::copy(sRL.begin(), sRL.end(), small->rowLower());
    std::copy(sRU.begin(), sRU.end(), small->rowUpper());
    int cm = (int)env("CLEAN", 2);
    if (cm == 2)
      small->dual(0);
    else if (cm == 1)
      small->primal(1);
    fprintf(stderr, "restricted: %d pivots perturbed, %d cleanup (status %d)\n", it1,
            small->numberIterations(), small->status());
    if (cm) it1 += small->numberIterations();
  }
  double t2 = now();
  fprintf(
      stderr,
      "fixed %d loosened %d presolve %.2f s -> %d x %d; restricted status %d, %d pivots, %.2f s\n",
      nfixed, nloose, t1 - t0, ms, ns, small->status(), it1, t2 - t1);
  pinfo.postsolve(true);
  delete small;
  std::copy(saveRL.begin(), saveRL.end(), model.rowLower());
  std::copy(saveRU.begin(), saveRU.end(), model.rowUpper());
  std::copy(saveL.begin(), saveL.end(), model.columnLower());
  std::copy(saveU.begin(), saveU.end(), model.columnUpper());
  double* xs = model.primalColumnSolution();
  for (int j = 0; j < n; ++j) {
    if (fixed[j] == 0 || model.getColumnStatus(j) == ClpSimplex::basic) continue;
    model.setColumnStatus(j, fixed[j] < 0 ? ClpSimplex::atLowerBound : ClpSimplex::atUpperBound);
    xs[j] = fixed[j] < 0 ? saveL[j] : saveU[j];
  }
  double tau = env("TAU", 0);
  int it2 = 0;
  if (tau > 0) {
    // a second restricted LP: columns fixed at first whose PDLP reduced cost is clearly positive
    // stay fixed
    const double* c = model.objective();
    const CoinPackedMatrix* A = model.matrix();
    vector<double> rc(c, c + n);
    for (int j = 0; j < n; ++j)
      for (CoinBigIndex k = A->getVectorStarts()[j];
           k < A->getVectorStarts()[j] + A->getVectorLengths()[j]; ++k)
        rc[j] -= A->getElements()[k] * y[A->getIndices()[k]];
    model.checkSolution();
    vector<double> djB(model.dualColumnSolution(), model.dualColumnSolution() + n);
    vector<signed char> fixed2(n, 0);
    int nf2 = 0;
    double* lo = model.columnLower();
    double* up = model.columnUpper();
    for (int j = 0; j < n; ++j) {
      if (!fixed[j] || model.getColumnStatus(j) == ClpSimplex::basic) continue;
      bool bad = (fixed[j] < 0 && djB[j] < -1e-10) || (fixed[j] > 0 && djB[j] > 1e-10);
      if (!bad && fabs(rc[j]) / (1 + fabs(c[j])) > tau) {
        fixed2[j] = fixed[j];
        if (fixed[j] < 0)
          up[j] = lo[j];
        else
          lo[j] = up[j];
        ++nf2;
      }
    }
    double ta = now();
    ClpPresolve p2;
    ClpSimplex* s2 = p2.presolvedModel(model, 1e-8, false, 5, true);
    if (!s2) {
      fprintf(stderr, "second presolve failed\n");
      return 1;
    }
    s2->setLogLevel(model.logLevel());
    s2->setDualTolerance(1e-10);
    s2->checkSolution();
    fprintf(stderr,
            "second restricted LP: %d fixed -> %d x %d; dual inf %d sum %g; primal inf %d\n", nf2,
            s2->numberRows(), s2->numberColumns(), s2->numberDualInfeasibilities(),
            s2->sumDualInfeasibilities(), s2->numberPrimalInfeasibilities());
    s2->primal(1);
    it2 = s2->numberIterations();
    double tb = now();
    fprintf(stderr, "second restricted LP: status %d, %d pivots, %.2f s\n", s2->status(), it2,
            tb - ta);
    p2.postsolve(true);
    delete s2;
    std::copy(saveL.begin(), saveL.end(), model.columnLower());
    std::copy(saveU.begin(), saveU.end(), model.columnUpper());
    xs = model.primalColumnSolution();
    for (int j = 0; j < n; ++j) {
      if (!fixed2[j] || model.getColumnStatus(j) == ClpSimplex::basic) continue;
      model.setColumnStatus(j, fixed2[j] < 0 ? ClpSimplex::atLowerBound : ClpSimplex::atUpperBound);
      xs[j] = fixed2[j] < 0 ? saveL[j] : saveU[j];
    }
  }
  double t3 = now();
  model.checkSolution();
  fprintf(stderr,
          "before whole pass: obj %.12g, %d dual infeasibilities sum %g, %d primal sum %g\n",
          model.objectiveValue(), model.numberDualInfeasibilities(), model.sumDualInfeasibilities(),
          model.numberPrimalInfeasibilities(), model.sumPrimalInfeasibilities());

  {
    const double* dj = model.dualColumnSolution();
    int shown = 0;
    for (int j = 0; j < n; ++j) {
      int st = model.getColumnStatus(j);
      if ((st == ClpSimplex::atLowerBound && dj[j] < -1e-10) ||
          (st == ClpSimplex::atUpperBound && dj[j] > 1e-10))
        if (shown++ < 8)
          fprintf(stderr, "  dual-infeasible %s st %d dj %g\n", model.getColumnName(j).c_str(), st,
                  dj[j]);
    }
  }
  if (getenv("CHAIN")) {
    string key = getenv("CHAIN");
    CoinPackedMatrix rows(*model.matrix());
    rows.reverseOrdering();
    const double* rd = model.dualRowSolution();
    const double* dj = model.dualColumnSolution();
    const double* rs = model.primalRowSolution();
    for (int i = 0; i < m; ++i) {
      string rn = model.getRowName(i);
      if (rn.find(key) == string::npos) continue;
      fprintf(stderr, "ROW %s st %d act %g [%g,%g] dual %g pdlp %g\n", rn.c_str(),
              (int)model.getRowStatus(i), rs[i], model.rowLower()[i], model.rowUpper()[i], rd[i],
              y[i]);
      for (CoinBigIndex k = rows.getVectorStarts()[i];
           k < rows.getVectorStarts()[i] + rows.getVectorLengths()[i]; ++k) {
        int j = rows.getIndices()[k];
        fprintf(stderr, "    %g * %s st %d x %g [%g,%g] dj %g pdlpx %g\n", rows.getElements()[k],
                model.getColumnName(j).c_str(), (int)model.getColumnStatus(j), xs[j],
                model.columnLower()[j], model.columnUpper()[j], dj[j], x[j]);
      }
    }
  }
  if (getenv("LOG2")) model.setLogLevel(atoi(getenv("LOG2")));
  int whole = (int)env("WHOLE", 1);
  int pre = 0;
  if (getenv("DT1")) {
    model.setDualTolerance(atof(getenv("DT1")));
    model.primal(1);
    pre = model.numberIterations();
    model.setDualTolerance(1e-10);
    fprintf(stderr, "whole pass at DT1: %d pivots, %.2f s\n", pre, now() - t3);
  }
  if (whole == 1)
    model.primal(1);
  else if (whole == 0)
    model.primal(0);
  else
    model.dual(0);
  fprintf(stderr, "whole pass at 1e-10: %d pivots\n", model.numberIterations());
  double t4 = now();
  printf("restricted %d pivots %.2f s; whole status %d obj %.12g %d pivots %.2f s; total %.2f s\n",
         it1, t2 - t1, model.status(), model.objectiveValue(), model.numberIterations(), t4 - t3,
         t4 - t0);
}
