module github.com/cudoscan/cudoscan

go 1.26
