* Winston, Operations Research: ApplicatiETTO
ROWS
 N  PROFIT
 L  FINISH
 L  CARPENT
 L  DEMAND
COLUMNS
    X1        PROFIT         -3.0   FINISH          2.0
    X1        CARPENT         1.0   DEMAND          1.0
    X2        PROFIT         -2.0   FINISH          1.0
    X2        CARPENT         1.0
RHS
    RHS       FINISH        100.0   ons and Algorithms, Sec. 3.1 (Giapetto's Woodcarving)
* max 3 x1 + 2 x2 written as MIN of the negated objective. Known optimum: max = 180 at x1=20, x2=60 (MPS min = -180)
NAME          GIAPETTO
ROWS
 N  PROFIT
 L  FINISH
 L  CARPENT
 L  DEMAND
COLUMNS
    X1        PROFIT         -3.0   FINISH          2.0
    X1        CARPENT         1.0   DEMAND          1.0
    X2        PROFIT         -2.0   FINISH          1.0
    X2        CARPENT         1.0
RHS
    RHS       FINISH        100.0   CARPENT        80.0
    RHS       DEMAND         40.0
ENDATA
