* Hillier & Lieberman, Introduction to Operations ResearcL  PLANT3
COLUMNS
    X1        Z              -3.0   PLANT1          1.0
    X0        PLANT3          3.0
    X2        Z              -5.0   PLANT2          2.0
    X2        PLANT3          2.0
RHS
    RHS       PLANT1          4.0   PLANT2         12.0
    RHS       PLANT3         E
108.NDATA
