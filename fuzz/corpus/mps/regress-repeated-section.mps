NAME          T
ROWS
 N  OBJ
 L  R1
COLUMNS
    X1        OBJ          1.0   R1           1.0
RHS
    RHS       R1           4.0
NAME          AGAIN
ROWS
 N  OBJ
ENDATA
