COLUMNS* Hillier & Lieberman, Introduction to Operations Research, Ch. 3 (Wyndor Glass Co.)
* max 3 x1 + 5 x2 ; x1<=4 ; 2 x2<=12 ; 3 x1 + 2 x2 <= 18. Known optimum: max = 36 at (2,6) (MPS min = -36)
NAME          WYNDOR
ROWS
 N  Z
 L  PLANT1
 L  PLANT2
 L  PLANT3
COLUMNS
    X1        Z              -3.0   PLANT1         12.0
    RHS       PLANT3         18.0
ENDATA
