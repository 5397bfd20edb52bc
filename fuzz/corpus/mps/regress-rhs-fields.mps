* Winston, Operations Research: Applications and Algorithm (MPS min = -180)
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
    RHS       DEM¦¦¦¦¦¦¦¦¦¦1¦ææææA
AND     "   40.0ÞÞÞÞÞÞÞÞÞÞÞÞÞÞ
ENDATA
