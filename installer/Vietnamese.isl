; Vietnamese wizard text for the khaosat setup file (Inno Setup 6), written for this project.
; khaosat.iss loads it after Inno's Default.isl, so every message here replaces the English
; one; messages of wizard pages khaosat does not use (password, licence, components, disks...)
; stay English. Saved as UTF-8 with a BOM: Inno Setup 6 reads Unicode .isl files that way.
; Keep Inno's rules: no full stop added where the English had none; %1, %n and [name] stay.

[LangOptions]
LanguageName=Tiếng Việt
LanguageID=$042A
LanguageCodePage=0

[Messages]
SetupAppTitle=Cài đặt
SetupWindowTitle=Cài đặt %1
UninstallAppTitle=Gỡ cài đặt
UninstallAppFullTitle=Gỡ cài đặt %1
InformationTitle=Thông tin
ConfirmTitle=Xác nhận
ErrorTitle=Lỗi

SetupLdrStartupMessage=Chương trình này sẽ cài %1. Tiếp tục?
LdrCannotCreateTemp=Không tạo được tệp tạm. Dừng cài đặt
LdrCannotExecTemp=Không chạy được tệp trong thư mục tạm. Dừng cài đặt
SetupFileCorrupt=Tệp cài đặt bị hỏng. Hãy tải lại tệp cài đặt.
SetupAlreadyRunning=Chương trình cài đặt đang chạy rồi.
WindowsVersionNotSupported=Chương trình này không chạy trên phiên bản Windows của máy này (cần Windows 10 hoặc 11, 64 bit).
OnlyOnTheseArchitectures=Chương trình này chỉ cài được trên Windows dành cho bộ xử lý:%n%n%1
WinVersionTooLowError=Chương trình này cần %1 phiên bản %2 trở lên.
SetupAppRunningError=Chương trình %1 đang mở.%n%nHãy đóng %1 (dữ liệu đã lưu không mất), rồi bấm OK để tiếp tục, hoặc Hủy để thoát.
UninstallAppRunningError=Chương trình %1 đang mở.%n%nHãy đóng %1, rồi bấm OK để tiếp tục, hoặc Hủy để thoát.

ErrorCreatingDir=Không tạo được thư mục "%1"
ExitSetupTitle=Thoát cài đặt
ExitSetupMessage=Chưa cài xong. Nếu thoát bây giờ, chương trình sẽ không được cài.%n%nCó thể chạy lại tệp cài đặt vào lúc khác.%n%nThoát cài đặt?
AboutSetupMenuItem=&Giới thiệu...
AboutSetupTitle=Giới thiệu

ButtonBack=< &Quay lại
ButtonNext=&Tiếp >
ButtonInstall=&Cài đặt
ButtonOK=OK
ButtonCancel=Hủy
ButtonYes=&Có
ButtonYesToAll=Có với &tất cả
ButtonNo=&Không
ButtonNoToAll=K&hông với tất cả
ButtonFinish=&Xong
ButtonBrowse=&Chọn...
ButtonWizardBrowse=C&họn...
ButtonNewFolder=&Tạo thư mục mới

SelectLanguageTitle=Chọn ngôn ngữ cài đặt
SelectLanguageLabel=Chọn ngôn ngữ dùng trong khi cài đặt:
ClickNext=Bấm Tiếp để tiếp tục, hoặc Hủy để thoát.
BrowseDialogTitle=Chọn thư mục
BrowseDialogLabel=Chọn một thư mục trong danh sách rồi bấm OK.
NewFolderName=Thư mục mới

WelcomeLabel1=Cài đặt [name]
WelcomeLabel2=Chương trình sẽ cài [name/ver] cho tài khoản Windows này, không cần quyền quản trị.%n%nDữ liệu phiếu đã nhập (nếu có) được giữ nguyên.

WizardSelectDir=Chọn nơi cài
SelectDirDesc=Cài [name] vào đâu?
SelectDirLabel3=[name] sẽ được cài vào thư mục dưới đây.
SelectDirBrowseLabel=Bấm Tiếp để tiếp tục. Muốn chọn thư mục khác thì bấm Chọn.
DiskSpaceMBLabel=Cần ít nhất [mb] MB dung lượng trống.
InvalidPath=Hãy nhập đường dẫn đầy đủ có ký hiệu ổ đĩa, ví dụ:%n%nC:\KHAOSAT
InvalidDrive=Ổ đĩa đã chọn không có hoặc không dùng được. Hãy chọn ổ khác.
DiskSpaceWarningTitle=Không đủ dung lượng
DiskSpaceWarning=Cần ít nhất %1 KB dung lượng trống, ổ đã chọn chỉ còn %2 KB.%n%nVẫn tiếp tục?
DirNameTooLong=Tên thư mục hoặc đường dẫn quá dài.
InvalidDirName=Tên thư mục không hợp lệ.
BadDirName32=Tên thư mục không được có các ký tự:%n%n%1
DirExistsTitle=Thư mục đã có
DirExists=Thư mục:%n%n%1%n%nđã có. Vẫn cài vào thư mục này?
DirDoesntExistTitle=Thư mục chưa có
DirDoesntExist=Thư mục:%n%n%1%n%nchưa có. Tạo thư mục này?

WizardSelectTasks=Chọn việc thêm
SelectTasksDesc=Làm thêm những việc nào?
SelectTasksLabel2=Chọn những việc cần làm thêm khi cài [name], rồi bấm Tiếp.

WizardReady=Sẵn sàng cài đặt
ReadyLabel1=Đã sẵn sàng cài [name] vào máy này.
ReadyLabel2a=Bấm Cài đặt để bắt đầu, hoặc Quay lại để xem lại lựa chọn.
ReadyLabel2b=Bấm Cài đặt để bắt đầu.
ReadyMemoDir=Nơi cài:
ReadyMemoGroup=Thư mục trong menu Start:
ReadyMemoTasks=Việc làm thêm:

WizardPreparing=Chuẩn bị cài đặt
PreparingDesc=Đang chuẩn bị cài [name] vào máy này.
CannotContinue=Không thể tiếp tục. Bấm Hủy để thoát.
ApplicationsFound=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng chúng.
ApplicationsFound2=Các chương trình sau đang dùng những tệp cần cập nhật. Nên để trình cài đặt tự đóng chúng; cài xong sẽ mở lại.
CloseApplications=&Tự đóng các chương trình này
DontCloseApplications=&Không đóng
ErrorCloseApplications=Không tự đóng được mọi chương trình. Hãy tự đóng các chương trình đang dùng tệp cần cập nhật rồi tiếp tục.

WizardInstalling=Đang cài đặt
InstallingLabel=Xin chờ trong khi cài [name] vào máy này.

FinishedHeadingLabel=Đã cài xong [name]
FinishedLabelNoIcons=Đã cài xong [name].
FinishedLabel=Đã cài xong [name]. Mở chương trình từ biểu tượng trong menu Start (hoặc trên màn hình nền).
ClickFinish=Bấm Xong để đóng trình cài đặt.
RunEntryExec=Mở %1

SetupAborted=Chưa cài xong.%n%nHãy khắc phục lỗi rồi chạy lại tệp cài đặt.
AbortRetryIgnoreChooseAction=Chọn cách xử lý
AbortRetryIgnoreRetry=Thử lại
AbortRetryIgnoreProceedAnyway=Vẫn tiếp tục
AbortRetryIgnoreCancel=Hủy cài đặt

StatusClosingApplications=Đang đóng các chương trình...
StatusCreateDirs=Đang tạo thư mục...
StatusExtractFiles=Đang chép tệp...
StatusCreateIcons=Đang tạo biểu tượng...
StatusCreateRegistryEntries=Đang ghi registry...
StatusSavingUninstall=Đang lưu thông tin gỡ cài đặt...
StatusRunProgram=Đang hoàn tất...
StatusRollback=Đang hoàn lại các thay đổi...

ErrorInternal2=Lỗi nội bộ: %1
ErrorExecutingProgram=Không chạy được tệp:%n%1
SourceIsCorrupted=Tệp nguồn bị hỏng
SourceDoesntExist=Không có tệp nguồn "%1"
ErrorReplacingExistingFile=Không thay được tệp cũ:
ErrorCreatingTemp=Không tạo được tệp trong thư mục cài đặt:

ConfirmUninstall=Gỡ hẳn %1 khỏi máy này?%n%nDữ liệu phiếu, bản sao lưu và cài đặt đơn vị KHÔNG bị xóa (thư mục AppData\Local\khaosat của tài khoản này).
OnlyAdminCanUninstall=Chỉ người có quyền quản trị mới gỡ được chương trình này.
UninstallStatusLabel=Xin chờ trong khi gỡ %1 khỏi máy này.
UninstalledAll=Đã gỡ %1 khỏi máy này. Dữ liệu phiếu vẫn còn nguyên.
UninstalledMost=Đã gỡ xong %1.%n%nMột số tệp không gỡ được, có thể xóa tay.
UninstallDataCorrupted=Tệp "%1" bị hỏng. Không gỡ được
ConfirmDeleteSharedFileTitle=Xóa tệp dùng chung?
WizardUninstalling=Tình trạng gỡ cài đặt
StatusUninstalling=Đang gỡ %1...

[CustomMessages]
CreateDesktopIcon=Tạo biểu tượng trên &màn hình nền
AdditionalIcons=Biểu tượng:
LaunchProgram=Mở %1
UninstallProgram=Gỡ cài đặt %1
SelfTestName=Tự kiểm tra %1
